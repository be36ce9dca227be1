import { readFile } from 'node:fs/promises';
import { UsageError } from '../../errors.js';

/**
 * A Hugging Face `tokenizer.json` of the BERT family (WordPiece), the tokenizer of the small
 * sentence-embedding and text-classification models (MiniLM, BGE, E5, GTE, DistilBERT):
 * BertNormalizer -> BertPreTokenizer -> WordPiece -> [CLS] A [SEP]. Other models (BPE,
 * Unigram) are refused with the reason rather than tokenized differently from their training.
 */
export interface Encoding {
  ids: number[];
  tokens: string[];
  /** token_type_ids: 0 for the one sequence of a single text. */
  typeIds: number[];
}

export interface TextTokenizer {
  encode(text: string): Encoding;
  readonly padId: number;
}

interface Normalizer {
  lowercase: boolean;
  stripAccents: boolean;
  cleanText: boolean;
  chineseChars: boolean;
}

interface Special {
  token: string;
  id: number;
}

const isControl = (c: string) => /^[\p{Cc}\p{Cf}]$/u.test(c) && c !== '\t' && c !== '\n' && c !== '\r';
const isWhitespace = (c: string) => /^\s$/u.test(c);
/** BERT counts every ASCII non-alphanumeric printable as punctuation, besides Unicode's P classes. */
const isPunctuation = (c: string) => {
  const cp = c.codePointAt(0) as number;
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126))
    return true;
  return /^\p{P}$/u.test(c);
};
/** The CJK Unified Ideograph blocks that BERT splits into single characters. */
const isCjk = (cp: number) =>
  (cp >= 0x4e00 && cp <= 0x9fff) ||
  (cp >= 0x3400 && cp <= 0x4dbf) ||
  (cp >= 0x20000 && cp <= 0x2a6df) ||
  (cp >= 0x2a700 && cp <= 0x2b73f) ||
  (cp >= 0x2b740 && cp <= 0x2b81f) ||
  (cp >= 0x2b820 && cp <= 0x2ceaf) ||
  (cp >= 0xf900 && cp <= 0xfaff) ||
  (cp >= 0x2f800 && cp <= 0x2fa1f);

function normalize(text: string, n: Normalizer): string {
  let out = '';
  for (const c of text) {
    const cp = c.codePointAt(0) as number;
    if (n.cleanText) {
      if (cp === 0 || cp === 0xfffd || isControl(c)) continue;
      if (isWhitespace(c)) {
        out += ' ';
        continue;
      }
    }
    out += n.chineseChars && isCjk(cp) ? ` ${c} ` : c;
  }
  if (n.stripAccents) out = out.normalize('NFD').replace(/\p{Mn}/gu, '');
  if (n.lowercase) out = out.toLowerCase();
  return out;
}

/** Split on whitespace, and make every punctuation character a word of its own. */
function preTokenize(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  for (const c of text) {
    if (isWhitespace(c)) {
      if (cur) words.push(cur);
      cur = '';
    } else if (isPunctuation(c)) {
      if (cur) words.push(cur);
      words.push(c);
      cur = '';
    } else cur += c;
  }
  if (cur) words.push(cur);
  return words;
}

/** Greedy longest-match-first WordPiece; a word with no full cover becomes the unknown token. */
function wordPiece(
  word: string,
  vocab: Map<string, number>,
  prefix: string,
  unk: string,
  maxChars: number,
): string[] {
  const chars = [...word];
  if (chars.length > maxChars) return [unk];
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    let found: string | undefined;
    while (start < end) {
      const sub = (start > 0 ? prefix : '') + chars.slice(start, end).join('');
      if (vocab.has(sub)) {
        found = sub;
        break;
      }
      end--;
    }
    if (found === undefined) return [unk];
    pieces.push(found);
    start = end;
  }
  return pieces;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;

function readNormalizer(raw: unknown, where: string): Normalizer {
  const n = obj(raw);
  if (!n) return { lowercase: false, stripAccents: false, cleanText: false, chineseChars: false };
  if (n.type === 'Sequence' && Array.isArray(n.normalizers)) {
    const parts = n.normalizers.map((x) => readNormalizer(x, where));
    return {
      lowercase: parts.some((p) => p.lowercase),
      stripAccents: parts.some((p) => p.stripAccents),
      cleanText: parts.some((p) => p.cleanText),
      chineseChars: parts.some((p) => p.chineseChars),
    };
  }
  if (n.type === 'BertNormalizer') {
    const lowercase = n.lowercase !== false;
    return {
      lowercase,
      // null (the default) means: strip accents when lowercasing, as BERT's uncased models do.
      stripAccents: n.strip_accents === null || n.strip_accents === undefined ? lowercase : !!n.strip_accents,
      cleanText: n.clean_text !== false,
      chineseChars: n.handle_chinese_chars !== false,
    };
  }
  if (n.type === 'Lowercase')
    return { lowercase: true, stripAccents: false, cleanText: false, chineseChars: false };
  if (n.type === 'StripAccents' || n.type === 'NFD')
    return {
      lowercase: false,
      stripAccents: n.type === 'StripAccents',
      cleanText: false,
      chineseChars: false,
    };
  throw new UsageError(
    `${where}: normalizer ${JSON.stringify(n.type)} is not supported (supported: BertNormalizer, Lowercase, StripAccents, NFD, Sequence of them)`,
  );
}

/** [CLS] and [SEP] around the sequence, from TemplateProcessing or BertProcessing. */
function readPostProcessor(
  raw: unknown,
  vocab: Map<string, number>,
  where: string,
): { before: Special[]; after: Special[] } {
  const p = obj(raw);
  const special = (token: string): Special => {
    const id = vocab.get(token);
    if (id === undefined) throw new UsageError(`${where}: special token ${token} is not in the vocabulary`);
    return { token, id };
  };
  if (!p) return { before: [], after: [] };
  if (p.type === 'BertProcessing' || p.type === 'RobertaProcessing') {
    const cls = p.cls as [string, number];
    const sep = p.sep as [string, number];
    return { before: [{ token: cls[0], id: cls[1] }], after: [{ token: sep[0], id: sep[1] }] };
  }
  if (p.type === 'TemplateProcessing' && Array.isArray(p.single)) {
    const before: Special[] = [];
    const after: Special[] = [];
    let seen = false;
    for (const item of p.single as Json[]) {
      const s = obj(item.SpecialToken);
      if (s) (seen ? after : before).push(special(String(s.id)));
      else if (obj(item.Sequence)) seen = true;
    }
    return { before, after };
  }
  throw new UsageError(
    `${where}: post_processor ${JSON.stringify(p.type)} is not supported (supported: TemplateProcessing, BertProcessing)`,
  );
}

/** Parse a tokenizer.json (already read); `where` names the file in errors. */
export function wordPieceTokenizer(json: unknown, where: string): TextTokenizer {
  const t = obj(json);
  const model = obj(t?.model);
  if (!t || !model) throw new UsageError(`${where}: not a tokenizer.json (no "model" object)`);
  if (model.type !== 'WordPiece') {
    throw new UsageError(
      `${where}: tokenizer model ${JSON.stringify(model.type)} is not supported; autoglm reads WordPiece tokenizers (BERT, MiniLM, BGE, E5, GTE)`,
      'use an embedding or classification model with a WordPiece tokenizer.json, or serve the model behind an endpoint (adapter: embedding)',
    );
  }
  const rawVocab = obj(model.vocab);
  if (!rawVocab) throw new UsageError(`${where}: model.vocab: expected a map of token -> id`);
  const vocab = new Map<string, number>();
  for (const [k, v] of Object.entries(rawVocab)) if (typeof v === 'number') vocab.set(k, v);
  const unk = typeof model.unk_token === 'string' ? model.unk_token : '[UNK]';
  if (!vocab.has(unk)) throw new UsageError(`${where}: unknown token ${unk} is not in the vocabulary`);
  const prefix = typeof model.continuing_subword_prefix === 'string' ? model.continuing_subword_prefix : '##';
  const maxChars = typeof model.max_input_chars_per_word === 'number' ? model.max_input_chars_per_word : 100;
  const pre = obj(t.pre_tokenizer);
  if (pre && pre.type !== 'BertPreTokenizer' && pre.type !== 'Whitespace' && pre.type !== 'WhitespaceSplit') {
    throw new UsageError(
      `${where}: pre_tokenizer ${JSON.stringify(pre.type)} is not supported (supported: BertPreTokenizer)`,
    );
  }
  const normalizer = readNormalizer(t.normalizer, where);
  const { before, after } = readPostProcessor(t.post_processor, vocab, where);
  const truncation = obj(t.truncation);
  const maxLength = typeof truncation?.max_length === 'number' ? truncation.max_length : 512;
  const padding = obj(t.padding);
  const padId = typeof padding?.pad_id === 'number' ? padding.pad_id : (vocab.get('[PAD]') ?? 0);
  const unkId = vocab.get(unk) as number;
  return {
    padId,
    encode(text) {
      const pieces = preTokenize(normalize(text, normalizer)).flatMap((w) =>
        wordPiece(w, vocab, prefix, unk, maxChars),
      );
      // Truncate the text, never the special tokens around it.
      const room = Math.max(0, maxLength - before.length - after.length);
      const body = pieces.slice(0, room).map((token) => ({ token, id: vocab.get(token) ?? unkId }));
      const all = [...before, ...body, ...after];
      return { ids: all.map((s) => s.id), tokens: all.map((s) => s.token), typeIds: all.map(() => 0) };
    },
  };
}

/** Read and parse a tokenizer.json file; `display` names it in errors. */
export async function loadTokenizer(file: string, display: string): Promise<TextTokenizer> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(
      e.code === 'ENOENT' ? `${display}: tokenizer file not found` : `${display}: cannot read (${e.code})`,
    );
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${display}: not valid JSON (${(e as Error).message})`);
  }
  return wordPieceTokenizer(json, display);
}
