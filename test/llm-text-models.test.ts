import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEXT_VOCAB } from '../scripts/lib/text-models.js';
import { cosine } from '../src/evals/llm/scorers.js';
import { ModelRegistry } from '../src/inference/registry.js';
import { openTextModel } from '../src/inference/text/model.js';
import { wordPieceTokenizer } from '../src/inference/text/tokenizer.js';
import { FIXTURE_MODELS } from './helpers.js';

const TOKENIZER = path.join(FIXTURE_MODELS, 'text-tokenizer.json');
const json = () => JSON.parse(readFileSync(TOKENIZER, 'utf8')) as Record<string, unknown>;
const tok = () => wordPieceTokenizer(json(), 'text-tokenizer.json');

describe('WordPiece tokenizer from tokenizer.json', () => {
  it('lowercases, splits punctuation and wraps the text in [CLS] ... [SEP], with the vocabulary ids', () => {
    const e = tok().encode('Hello, World!');
    expect(e.tokens).toEqual(['[CLS]', 'hello', ',', 'world', '!', '[SEP]']);
    expect(e.ids).toEqual(e.tokens.map((t) => TEXT_VOCAB.indexOf(t)));
    expect(e.typeIds).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('splits words into the longest known pieces, strips accents, splits CJK, and maps the rest to [UNK]', () => {
    const t = tok();
    expect(t.encode('unaffable Dogs').tokens).toEqual([
      '[CLS]',
      'un',
      '##aff',
      '##able',
      'dog',
      '##s',
      '[SEP]',
    ]);
    expect(t.encode('Café').tokens).toEqual(['[CLS]', 'cafe', '[SEP]']);
    expect(t.encode('中国').tokens).toEqual(['[CLS]', '中', '国', '[SEP]']);
    expect(t.encode('zebra dogx').tokens).toEqual(['[CLS]', '[UNK]', '[UNK]', '[SEP]']);
  });

  it('truncates the text to max_length, keeping [CLS] and [SEP]', () => {
    const e = tok().encode('dog '.repeat(300));
    expect(e.ids).toHaveLength(128);
    expect([e.tokens[0], e.tokens[127]]).toEqual(['[CLS]', '[SEP]']);
  });

  it('refuses tokenizers it would get wrong (BPE), naming the file and what it reads', () => {
    const bpe = { ...json(), model: { type: 'BPE', vocab: {}, merges: [] } };
    expect(() => wordPieceTokenizer(bpe, 'models/gpt2/tokenizer.json')).toThrow(
      /models\/gpt2\/tokenizer\.json: tokenizer model "BPE" is not supported; autoglm reads WordPiece/,
    );
  });
});

describe('ONNX text models', () => {
  const registry = new ModelRegistry();
  const emb = registry.register('mini', {
    path: path.join(FIXTURE_MODELS, 'text-embedding.onnx'),
    tokenizer: TOKENIZER,
    adapter: 'embedding',
  });
  const cls = registry.register('sentiment', {
    path: path.join(FIXTURE_MODELS, 'text-classifier.onnx'),
    tokenizer: TOKENIZER,
    adapter: 'classifier',
    labels: ['positive', 'negative'],
  });

  it('embeds text by mean pooling the token states: synonyms agree, other words do not', async () => {
    const m = await openTextModel(emb, (f) => path.basename(f));
    try {
      const big = await m.embed('a big dog');
      expect(cosine(big, await m.embed('The LARGE dogs!'))).toBeCloseTo(1, 6);
      expect(cosine(big, await m.embed('a small dog'))).toBeCloseTo(0.5, 6);
      expect(cosine(big, await m.embed('a cat'))).toBe(0);
      // Mean over the 5 tokens [CLS] a big dog [SEP]: big and dog are one-hot, the rest zero.
      expect(big.slice(0, 4)).toEqual([0.2, 0, 0.2, 0]);
    } finally {
      await m.close();
    }
  });

  it('answers with the label of the highest logit', async () => {
    const m = await openTextModel(cls, (f) => path.basename(f));
    try {
      expect(await m.answer('The food was great')).toBe('positive');
      expect(await m.answer('The service was AWFUL.')).toBe('negative');
    } finally {
      await m.close();
    }
  });

  it('refuses an ONNX model whose inputs are not token ids, naming them', async () => {
    const r = new ModelRegistry();
    const spec = r.register('vec', {
      path: path.join(FIXTURE_MODELS, 'embedding.onnx'),
      tokenizer: TOKENIZER,
      adapter: 'embedding',
    });
    await expect(openTextModel(spec, (f) => path.basename(f))).rejects.toThrow(
      'model "vec": input "tokens" is float32; a text model takes int64 or int32 token ids. Model inputs: tokens float32[batch,8]',
    );
  });
});

describe('config of ONNX text models', () => {
  it('refuses a tokenizer on an endpoint and pooling without a tokenizer, naming the line', async () => {
    const { parseConfig } = await import('../src/config/load.js');
    expect(() =>
      parseConfig('models:\n  - name: e\n    endpoint: http://h:1\n    tokenizer: t.json\n', 'a.yml', '/tmp'),
    ).toThrow(
      'a.yml:4:5: models[0].tokenizer: only an ONNX model takes a tokenizer; an endpoint tokenizes on its server',
    );
    expect(() =>
      parseConfig('models:\n  - name: m\n    path: m.onnx\n    pooling: cls\n', 'a.yml', '/tmp'),
    ).toThrow(
      'a.yml:4:5: models[0].pooling: only a text model (an ONNX model with a tokenizer) takes pooling',
    );
  });

  it('resolves the tokenizer next to the config', async () => {
    const { parseConfig } = await import('../src/config/load.js');
    const { registryFromConfig } = await import('../src/pipeline/evals.js');
    const loaded = parseConfig(
      'models:\n  - { name: m, path: m.onnx, tokenizer: tok/tokenizer.json, adapter: embedding, pooling: cls }\n',
      'a.yml',
      '/project',
    );
    expect(registryFromConfig(loaded).get('m')).toMatchObject({
      tokenizer: path.join('/project', 'tok', 'tokenizer.json'),
      pooling: 'cls',
    });
  });
});

describe('run plan of suites with ONNX text models', () => {
  it("counts a text model's tokenizer and the embedding model's files as the suite's dependencies", async () => {
    const { parseConfig } = await import('../src/config/load.js');
    const { planSuitesOf } = await import('../src/pipeline/plan/index.js');
    const loaded = parseConfig(
      `models:
  - { name: chat, endpoint: 'http://h:1', capabilities: [qa] }
  - { name: cls, path: m/cls.onnx, tokenizer: m/tok.json, adapter: classifier, capabilities: [qa] }
  - { name: emb, path: m/emb.onnx, tokenizer: m/emb-tok.json, adapter: embedding }
suites:
  - { name: qa, cases: qa.yaml, capabilities: [qa], embedding_model: emb }
`,
      'autoglm.yml',
      '/repo',
    );
    expect(planSuitesOf({ ...loaded, file: '/repo/autoglm.yml' }, '/repo')[0]?.deps).toEqual([
      'autoglm.yml',
      'm/cls.onnx',
      'm/tok.json',
      'm/emb.onnx',
      'm/emb-tok.json',
      'qa.yaml',
    ]);
  });
});

describe('which models an LLM suite runs (splitPlans)', () => {
  it('uses embedding_model, lists other embedding models as not run, and refuses a non-embedding embedding_model', async () => {
    const { splitPlans } = await import('../src/pipeline/llm.js');
    const r = new ModelRegistry();
    const text = { tokenizer: TOKENIZER, capabilities: ['qa'] };
    r.register('chat', { endpoint: 'http://h:1', capabilities: ['qa'] });
    r.register('e1', { path: 'e1.onnx', adapter: 'embedding', ...text });
    r.register('e2', { endpoint: 'http://h:2', adapter: 'embedding', capabilities: ['qa'] });
    const suite = (extra: object) => ({
      config: { name: 's', cases: 'c.yaml', capabilities: ['qa'], ...extra } as never,
      index: 0,
      models: r.withCapabilities(['qa']),
    });
    const first = splitPlans([suite({})], r).llm[0];
    expect([first?.models.map((m) => m.name), first?.embedding?.name, first?.excluded]).toEqual([
      ['chat'],
      'e1',
      [{ model: 'e2', reason: 'an embedding model; e1 scores similar' }],
    ]);
    const named = splitPlans([suite({ embedding_model: 'e2' })], r).llm[0];
    expect([named?.embedding?.name, named?.excluded]).toEqual([
      'e2',
      [{ model: 'e1', reason: 'an embedding model; e2 scores similar (embedding_model)' }],
    ]);
    expect(() => splitPlans([suite({ embedding_model: 'chat' })], r)).toThrow(
      'suites[0] (s): embedding_model "chat" is not an embedding model',
    );
  });
});
