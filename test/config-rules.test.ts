import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coverageGates } from '../src/config/coverage.js';
import { findLiteralSecrets } from '../src/config/llm-checks.js';
import { DEFAULT_CONFIG_FILE, formatKeyPath, loadConfig, parseConfig } from '../src/config/load.js';
import { tempDir, usageError, usageErrorAsync } from './helpers.js';

/** Cross-field rules of the config (load.ts, llm-checks.ts) and the shape of their messages. */

const parse = (text: string) => parseConfig(text, 'autoglm.yml', '/nonexistent');
const message = (text: string) => usageError(() => parse(text)).message;
const TOP = '(allowed: models, suites, gates, report, testgen, coverage, baseline, cost)';

describe('which value the message shows', () => {
  it.each([
    [
      'models:\n  - name: {a: 1}\n    path: a\n',
      'autoglm.yml:2:11: models[0].name: expected a string, got a map',
    ],
    [
      'models:\n  - name: true\n    path: a\n',
      'autoglm.yml:2:11: models[0].name: expected a string, got true',
    ],
    [
      'models:\n  - name: [a]\n    path: a\n',
      'autoglm.yml:2:11: models[0].name: expected a string, got a list',
    ],
  ])('%j', (text, expected) => {
    expect(message(text)).toBe(expected);
  });

  it('lists at most ten problems, one a line, in file order', () => {
    const keys = 'abcdefghijk'.split('');
    const lines = message(keys.map((k, i) => `${k}: ${i}\n`).join('')).split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe(`autoglm.yml:1:1: a: unknown key ${TOP}`);
    expect(lines[9]).toBe(`autoglm.yml:10:1: j: unknown key ${TOP}`);
  });

  it('a scalar document is not a map of settings', () => {
    expect(message('5\n')).toBe(
      'autoglm.yml:1:1: expected a map of settings (models, suites, gates, ...), got 5',
    );
    expect(parse('null\n').config.models).toEqual([]);
  });

  it('invalid YAML names its line, column and the first line of the parser message', () => {
    expect(message('"a\n')).toBe('autoglm.yml:2:1: invalid YAML: Missing closing "quote');
  });
});

describe('unknown keys inside maps and unions', () => {
  it('a key inside a gate lists the keys a gate takes', () => {
    expect(message('gates:\n  accuracy:\n    min: 1\n    mni: 2\n')).toBe(
      'autoglm.yml:4:5: gates.accuracy.mni: unknown key; did you mean "min"? (allowed: min, max, max_drop, max_increase, mode, suite, model)',
    );
  });

  it.each([
    [
      'testgen:\n  targets: [a]\n  budgte: 3\n',
      'autoglm.yml:3:3: testgen.budgte: unknown key; did you mean "budget"? (allowed: targets, exclude, out, framework, budget, timeout_ms, changed_only, base, junit, force, loop_bound, max_paths)',
    ],
    [
      'coverage:\n  files: [a]\n  fromat: lcov\n',
      'autoglm.yml:3:3: coverage.fromat: unknown key; did you mean "format"? (allowed: files, format, exclude, base, cobertura, gate_indirect, gates)',
    ],
  ])('a key inside an optional section lists its keys: %j', (text, expected) => {
    expect(message(text)).toBe(expected);
  });

  it('a key inside a dataset map lists the keys of every dataset form', () => {
    expect(message('suites:\n  - name: s\n    dataset: {path: a, pth: b}\n')).toBe(
      'autoglm.yml:3:24: suites[0].dataset.pth: unknown key; did you mean "path"? (allowed: path, synthetic)',
    );
  });
});

describe('cross-field rules', () => {
  it('an unknown gate metric far from every name gets the list only', () => {
    expect(message('gates:\n  zzzzzzzz:\n    min: 1\n')).toBe(
      'autoglm.yml:2:3: gates.zzzzzzzz: unknown metric (metrics: accuracy, macro_f1, mae, rmse, cosine, latency.mean_ms, latency.p50_ms, latency.p95_ms, latency.p99_ms, throughput, load_time_ms, memory_mib, size_bytes, pass_rate, errors, ttft.p95_ms, cost_usd, tokens_per_s)',
    );
  });

  it('a suite naming a model when there is none says so', () => {
    expect(message('suites:\n  - name: s\n    dataset: d\n    models: [qqqqqqq]\n')).toBe(
      'autoglm.yml:4:14: suites[0].models[0]: no model named "qqqqqqq" (models: none)',
    );
  });

  it('a gate with no threshold points at the gate', () => {
    expect(message('gates:\n  accuracy:\n    mode: warn\n')).toBe(
      'autoglm.yml:3:5: gates.accuracy: expected at least one of min, max, max_drop, max_increase',
    );
  });

  it('the wrong-way threshold points at its own key, wherever it is in the gate', () => {
    expect(message('gates:\n  latency.p95_ms:\n    mode: warn\n    max_drop: 5%\n')).toBe(
      'autoglm.yml:4:5: gates.latency.p95_ms.max_drop: latency.p95_ms is better when lower; use max_increase',
    );
    expect(message('gates:\n  pass_rate:\n    mode: warn\n    max_increase: 1\n')).toBe(
      'autoglm.yml:4:5: gates.pass_rate.max_increase: pass_rate is better when higher; use max_drop',
    );
  });

  it('an unknown suite model lists every model name', () => {
    const text =
      'models:\n  - {name: a, path: a}\n  - {name: b, path: b}\nsuites:\n  - name: s\n    dataset: d\n    models: [zzzzzz]\n';
    expect(message(text)).toBe(
      'autoglm.yml:7:14: suites[0].models[0]: no model named "zzzzzz" (models: a, b)',
    );
  });

  it.each([
    ['pass_rate', 'max_increase', 'pass_rate is better when higher; use max_drop'],
    ['tokens_per_s', 'max_increase', 'tokens_per_s is better when higher; use max_drop'],
    ['errors', 'max_drop', 'errors is better when lower; use max_increase'],
    ['cost_usd', 'max_drop', 'cost_usd is better when lower; use max_increase'],
  ])('LLM gate %s refuses %s (direction-aware)', (metric, key, reason) => {
    expect(message(`gates:\n  ${metric}:\n    ${key}: 1\n`)).toBe(
      `autoglm.yml:3:5: gates.${metric}.${key}: ${reason}`,
    );
  });

  it.each([
    ['pass_rate', 'max_drop'],
    ['tokens_per_s', 'max_drop'],
    ['errors', 'max_increase'],
    ['ttft.p95_ms', 'max_increase'],
    ['cost_usd', 'max_increase'],
  ])('LLM gate %s accepts %s', (metric, key) => {
    expect(parse(`gates:\n  ${metric}:\n    ${key}: 1\n`).config.gates[metric]).toEqual({
      [key]: { amount: 1, relative: false, text: '1' },
      mode: 'block',
    });
  });
});

describe('endpoint-only and LLM-suite-only keys', () => {
  it.each([
    ['api', 'http'],
    ['profile', 'vllm'],
    ['api_key_env', 'K'],
    ['concurrency', '2'],
    ['timeout_ms', '5'],
    ['retries', '1'],
    ['params', '{seed: 1}'],
    ['request', '{}'],
    ['response', '/a'],
    ['price', '{input: 1}'],
  ])('an ONNX model refuses %s, pointing at the key', (key, value) => {
    expect(message(`models:\n  - name: a\n    path: a.onnx\n    ${key}: ${value}\n`)).toBe(
      `autoglm.yml:4:5: models[0].${key}: only a model with an endpoint takes ${key}`,
    );
  });

  it.each([
    ['prompts', '["{{q}}"]'],
    ['repeat', '2'],
    ['repeat_threshold', '0.5'],
    ['replay', 'tapes'],
    ['embedding_model', 'e'],
  ])('a dataset suite refuses %s, pointing at the key', (key, value) => {
    expect(message(`suites:\n  - name: s\n    dataset: d.jsonl\n    ${key}: ${value}\n`)).toBe(
      `autoglm.yml:4:5: suites[0].${key}: only an LLM suite (cases:) takes ${key}`,
    );
  });

  it('an LLM suite takes them', () => {
    const s = parse(
      'suites:\n  - name: s\n    cases: c.yaml\n    prompts: ["{{q}}"]\n    repeat: 3\n    repeat_threshold: 0.5\n    replay: tapes\n',
    ).config.suites[0];
    expect(s).toMatchObject({
      cases: 'c.yaml',
      prompts: ['{{q}}'],
      repeat: 3,
      repeat_threshold: 0.5,
      replay: 'tapes',
    });
  });

  it('a suite with neither dataset nor cases says neither; a dataset suite alone is fine', () => {
    expect(message('suites:\n  - name: s\n')).toBe(
      'autoglm.yml:2:5: suites[0] (s): expected exactly one of dataset (ONNX samples) or cases (LLM test cases), got neither',
    );
    expect(parse('suites:\n  - name: s\n    dataset: d.jsonl\n').config.suites[0]?.dataset).toBe('d.jsonl');
  });

  it('a suite with both dataset and cases says both', () => {
    expect(message('suites:\n  - name: s\n    dataset: d.jsonl\n    cases: c.yaml\n')).toBe(
      'autoglm.yml:2:5: suites[0] (s): expected exactly one of dataset (ONNX samples) or cases (LLM test cases), got both',
    );
  });

  it.each([
    ['request: {}', 'autoglm.yml:4:5'],
    ['response: /a', 'autoglm.yml:4:5'],
    ['profile: vllm\n    response: /a', 'autoglm.yml:5:5'],
  ])('an openai endpoint refuses %s, pointing at the template', (rest, at) => {
    expect(message(`models:\n  - name: a\n    endpoint: http://h\n    ${rest}\n`)).toBe(
      `${at}: models[0]: request and response templates are for api: http`,
    );
  });

  it.each(['request: {}', 'response: /a'])('api: http with only %s needs both', (rest) => {
    expect(message(`models:\n  - name: a\n    endpoint: http://h\n    api: http\n    ${rest}\n`)).toBe(
      'autoglm.yml:2:5: models[0]: api: http needs a request body template and a response JSON pointer',
    );
  });

  it('endpoint URLs: the scheme must start the URL, credentials are refused over http too', () => {
    expect(message('models:\n  - name: a\n    endpoint: see http://x\n')).toBe(
      'autoglm.yml:3:15: models[0].endpoint: expected an http:// or https:// base URL, got "see http://x"',
    );
    expect(message('models:\n  - name: a\n    endpoint: http://u:p@x\n')).toBe(
      'autoglm.yml:3:15: models[0].endpoint: credentials in the URL are not allowed; use api_key_env',
    );
    for (const url of ['http://x/v1/embeddings/extra', 'http://h/p?next=http://u@x']) {
      expect(parse(`models:\n  - name: a\n    endpoint: ${url}\n`).config.models[0]?.endpoint).toBe(url);
    }
  });

  it('a tokenizer only on an ONNX model, pooling only with a tokenizer', () => {
    expect(message('models:\n  - name: e\n    endpoint: http://h:1\n    tokenizer: t.json\n')).toBe(
      'autoglm.yml:4:5: models[0].tokenizer: only an ONNX model takes a tokenizer; an endpoint tokenizes on its server',
    );
    expect(message('models:\n  - name: m\n    path: m.onnx\n    pooling: cls\n')).toBe(
      'autoglm.yml:4:5: models[0].pooling: only a text model (an ONNX model with a tokenizer) takes pooling',
    );
    expect(
      parse('models:\n  - name: m\n    path: m.onnx\n    tokenizer: t.json\n    pooling: cls\n').config
        .models[0],
    ).toMatchObject({ tokenizer: 't.json', pooling: 'cls' });
  });

  it('secrets: null and other scalars are walked past', () => {
    expect(findLiteralSecrets({ a: null, b: 5, c: true, d: [null, { e: null }] })).toEqual([]);
  });

  it('a literal key: where it is, and where it should go', () => {
    const e = usageError(() =>
      parse('models:\n  - name: a\n    endpoint: http://h\n    params: {token: abc}\n'),
    );
    expect(e.message).toBe(
      'autoglm.yml:4:21: models[0].params.token: this looks like a literal API key or token; keys never go in the config',
    );
    expect(e.hint).toBe(
      'put the key in an environment variable (a CI secret) and name it with api_key_env: on the model',
    );
  });
});

describe('locate() after validation', () => {
  const loaded = parse('models:\n  - name: a\n    path: a.onnx\n');
  it('points at the value, the map, or the scalar a deeper path runs into', () => {
    expect(loaded.locate(['models', 0, 'path'])).toBe('autoglm.yml:3:11');
    expect(loaded.locate(['models', 0])).toBe('autoglm.yml:2:5');
    expect(loaded.locate(['models', 0, 'missing'])).toBe('autoglm.yml:2:5');
    expect(loaded.locate(['models', 0, 'name', 'deeper'])).toBe('autoglm.yml:2:11');
  });

  it('names the file alone when the document is empty', () => {
    const empty = parse('# nothing yet\n');
    expect(empty.locate(['models', 0, 'name'])).toBe('autoglm.yml');
    expect(empty.locate(['models'])).toBe('autoglm.yml');
  });
});

describe('names', () => {
  it('key paths read as in the file; the default config file is autoglm.yml', () => {
    expect(formatKeyPath(['models', 1, 'batch_size'])).toBe('models[1].batch_size');
    expect(formatKeyPath([])).toBe('(top level)');
    expect(DEFAULT_CONFIG_FILE).toBe('autoglm.yml');
  });

  it('coverage gates of no coverage section are none', () => {
    expect(coverageGates(undefined)).toEqual({});
  });
});

describe('loadConfig', () => {
  it('a path that cannot be read (a folder) is a usage error naming it and the reason', async () => {
    const dir = tempDir();
    fs.mkdirSync(`${dir}/autoglm.yml`);
    const e = await usageErrorAsync(() => loadConfig(`${dir}/autoglm.yml`, 'ci/autoglm.yml'));
    expect(e.message).toMatch(/^cannot read config file ci\/autoglm\.yml: EISDIR: /);
  });
});
