/**
 * Tiny BERT-shaped text models and their WordPiece tokenizer.json, for the tests of ONNX text
 * models in LLM suites (`similar` with a local embedding model, a text classifier answering
 * cases). Inputs are named and typed as Hugging Face exports name them (input_ids,
 * attention_mask: int64 [batch, sequence]); the tokenizer.json has the layout `tokenizers`
 * writes for BERT-family models (BertNormalizer, BertPreTokenizer, WordPiece, TemplateProcessing).
 *
 * Word vectors are chosen, not trained: synonyms share a vector (big/large, small/tiny, good/great,
 * bad/awful, dog/dogs via ##s), so the expected cosines are known exactly.
 */
import {
  ElemType,
  floatTensor,
  graph,
  int64Tensor,
  modelBytes,
  mulberry32,
  node,
  valueInfo,
} from './onnx-build.js';

const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
/** Stop words carry no meaning (zero vectors); the rest below get a concept or a seeded vector. */
const STOP = ['the', 'a', 'an', 'is', 'was', 'of', 'it', 'to', 'and', ',', '.', '!', '?'];
const CONCEPTS: Readonly<Record<string, number>> = {
  dog: 0,
  '##s': -1,
  cat: 1,
  big: 2,
  large: 2,
  small: 3,
  tiny: 3,
  good: 4,
  great: 4,
  bad: 5,
  awful: 5,
};
const OTHER = [
  'food',
  'service',
  'capital',
  'australia',
  'canberra',
  'sydney',
  'hello',
  'world',
  'un',
  '##aff',
  '##able',
  'cafe',
  'movie',
  '中',
  '国',
];
export const TEXT_VOCAB: readonly string[] = [...SPECIALS, ...STOP, ...Object.keys(CONCEPTS), ...OTHER];
const HIDDEN = 8;
export const TEXT_LABELS = ['positive', 'negative'];

const idOf = (t: string) => TEXT_VOCAB.indexOf(t);

/** The [vocab, HIDDEN] embedding table: one-hot concepts, zero stop words, seeded vectors in dims 6-7. */
function embeddingTable(): Float32Array {
  const rand = mulberry32(901);
  const table = new Float32Array(TEXT_VOCAB.length * HIDDEN);
  TEXT_VOCAB.forEach((token, i) => {
    if (SPECIALS.includes(token) || STOP.includes(token)) return;
    const c = CONCEPTS[token];
    if (c !== undefined) {
      if (c >= 0) table[i * HIDDEN + c] = 1;
      return;
    }
    table[i * HIDDEN + 6] = 0.2 + rand();
    table[i * HIDDEN + 7] = 0.2 + rand();
  });
  return table;
}

const ids = (name: string) => valueInfo(name, ElemType.INT64, ['batch', 'sequence']);

/**
 * input_ids, attention_mask -> Gather(table) * mask -> last_hidden_state [batch, sequence, 8]:
 * the token states, pooled by autoglm (mean over the mask, as sentence-transformers does).
 */
export function textEmbeddingModel(): Uint8Array {
  return modelBytes(
    graph({
      name: 'text_embedding',
      nodes: [
        node('Gather', ['embeddings.word', 'input_ids'], ['states'], 'embeddings/Gather', {
          axis: { int: 0 },
        }),
        node('Cast', ['attention_mask'], ['mask_f'], 'mask/Cast', { to: { int: ElemType.FLOAT } }),
        node('Unsqueeze', ['mask_f', 'unsqueeze_axes'], ['mask_3d'], 'mask/Unsqueeze'),
        node('Mul', ['states', 'mask_3d'], ['last_hidden_state'], 'mask/Mul'),
      ],
      inputs: [ids('input_ids'), ids('attention_mask')],
      outputs: [valueInfo('last_hidden_state', ElemType.FLOAT, ['batch', 'sequence', HIDDEN])],
      initializers: [
        floatTensor('embeddings.word', [TEXT_VOCAB.length, HIDDEN], embeddingTable()),
        int64Tensor('unsqueeze_axes', [1], [2]),
      ],
    }),
  );
}

/** input_ids -> Gather(sentiment table [vocab, 2]) -> ReduceSum(sequence) -> logits [batch, 2]. */
export function textClassifierModel(): Uint8Array {
  const table = new Float32Array(TEXT_VOCAB.length * 2);
  for (const w of ['good', 'great']) table[idOf(w) * 2] = 2;
  for (const w of ['bad', 'awful']) table[idOf(w) * 2 + 1] = 2;
  return modelBytes(
    graph({
      name: 'text_classifier',
      nodes: [
        node('Gather', ['classifier.table', 'input_ids'], ['scores'], 'classifier/Gather', {
          axis: { int: 0 },
        }),
        node('ReduceSum', ['scores', 'sum_axes'], ['logits'], 'classifier/ReduceSum', {
          keepdims: { int: 0 },
        }),
      ],
      inputs: [ids('input_ids'), ids('attention_mask')],
      outputs: [valueInfo('logits', ElemType.FLOAT, ['batch', 2])],
      initializers: [
        floatTensor('classifier.table', [TEXT_VOCAB.length, 2], table),
        int64Tensor('sum_axes', [1], [1]),
      ],
    }),
  );
}

/** The tokenizer.json, as `tokenizers` serialises a BERT uncased tokenizer (MiniLM's layout). */
export function textTokenizerJson(): string {
  const special = (t: string) => ({
    id: idOf(t),
    content: t,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const tokenizer = {
    version: '1.0',
    truncation: { direction: 'Right', max_length: 128, strategy: 'LongestFirst', stride: 0 },
    padding: null,
    added_tokens: SPECIALS.map(special),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(
        ['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [idOf(t)], tokens: [t] }]),
      ),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(TEXT_VOCAB.map((t, i) => [t, i])),
    },
  };
  return `${JSON.stringify(tokenizer, null, 2)}\n`;
}
