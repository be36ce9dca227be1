import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { DEFAULT_THRESHOLDS, isHigherBetter } from '../src/config/schema.js';
import { usageError } from './helpers.js';

/** The message of each refused value of autoglm.yml: its place, key, what was expected and what came. */

const parse = (text: string) => parseConfig(text, 'autoglm.yml', '/nonexistent');
const message = (text: string) => usageError(() => parse(text)).message;
const M = 'models:\n  - name: a\n    path: a.onnx\n';
const E = 'models:\n  - name: a\n    endpoint: http://h\n';
const S = 'suites:\n  - name: s\n    dataset: d\n';
const L = 'suites:\n  - name: s\n    cases: c.yaml\n';
const T = 'testgen:\n  targets: [a]\n';
const ENV_NAME = 'expected an environment variable name like GLM_API_KEY';

describe('refused values', () => {
  it.each([
    [`${M}    capabilities: 5\n`, '4:19: models[0].capabilities: expected a list of strings, got 5'],
    [`${M}    adapter: 5\n`, '4:14: models[0].adapter: expected an adapter name or {type: ...}, got 5'],
    [
      `${M}    tokenizer: t.json\n    pooling: max\n`,
      '5:14: models[0].pooling: expected mean or cls, got "max"',
    ],
    [
      'suites:\n  - name: s\n    dataset: 5\n',
      '3:14: suites[0].dataset: expected a JSONL path or {synthetic: {inputs: [...]}}, got 5',
    ],
    [
      'suites:\n  - name: s\n    dataset: {synthetic: {inputs: []}}\n',
      '3:35: suites[0].dataset.synthetic.inputs: expected a list like ["input:float32[1,3,224,224]"], got a list',
    ],
    [
      `${S}    metrics: [foo]\n`,
      '4:15: suites[0].metrics[0]: expected one of accuracy, macro_f1, mae, rmse, cosine, latency, throughput, load_time, memory, size, agreement, got "foo"',
    ],
    [`${S}    allow_unlabelled: 1\n`, '4:23: suites[0].allow_unlabelled: expected true or false, got 1'],
    ['gates:\n  accuracy:\n    min: x\n', '3:10: gates.accuracy.min: expected a number, got "x"'],
    ['gates:\n  accuracy:\n    max: x\n', '3:10: gates.accuracy.max: expected a number, got "x"'],
    [
      'gates:\n  accuracy:\n    min: 1\n    mode: x\n',
      '4:11: gates.accuracy.mode: expected block, warn or info, got "x"',
    ],
    [
      'baseline:\n  store: x\n',
      '2:10: baseline.store: expected one of file, branch, artifact, cache, gitlab, none, got "x"',
    ],
    ['baseline:\n  alpha: x\n', '2:10: baseline.alpha: expected a number in (0, 1), got "x"'],
    ['baseline:\n  alpha: 1\n', '2:10: baseline.alpha: expected a number in (0, 1), got 1'],
    ['baseline:\n  noise_k: x\n', '2:12: baseline.noise_k: expected a positive number, got "x"'],
    ['baseline:\n  noise_k: 0\n', '2:12: baseline.noise_k: expected a positive number, got 0'],
    [`${E}    price: {input: x}\n`, '4:20: models[0].price.input: expected a non-negative number, got "x"'],
    [`${E}    price: {output: -1}\n`, '4:21: models[0].price.output: expected a non-negative number, got -1'],
    [
      `${E}    price: 5\n`,
      '4:12: models[0].price: expected {input, output} in USD per million tokens, got 5',
    ],
    [`${E}    api: x\n`, '4:10: models[0].api: expected one of openai, http, got "x"'],
    [
      `${E}    profile: x\n`,
      '4:14: models[0].profile: expected one of openai, vllm, tgi, ollama, llamacpp, glm, got "x"',
    ],
    [`${E}    api_key_env: 5\n`, '4:18: models[0].api_key_env: expected an environment variable name, got 5'],
    [`${E}    api_key_env: 1A\n`, `4:18: models[0].api_key_env: ${ENV_NAME}, got "1A"`],
    [`${E}    api_key_env: A-B\n`, `4:18: models[0].api_key_env: ${ENV_NAME}, got "A-B"`],
    [`${E}    api_key_env: "-AB"\n`, `4:18: models[0].api_key_env: ${ENV_NAME}, got "-AB"`],
    [`${E}    api_key_env: "AB-"\n`, `4:18: models[0].api_key_env: ${ENV_NAME}, got "AB-"`],
    [`${E}    params: 5\n`, '4:13: models[0].params: expected a map of request parameters, got 5'],
    [
      `${E}    api: http\n    request: {}\n    response: 5\n`,
      '6:15: models[0].response: expected a JSON pointer like /output/text, got 5',
    ],
    ['suites:\n  - name: s\n    cases: 5\n', '3:12: suites[0].cases: expected a cases file, got 5'],
    [`${L}    prompts: [5]\n`, '4:15: suites[0].prompts[0]: expected a prompt template, got 5'],
    [
      `${L}    repeat_threshold: x\n`,
      '4:23: suites[0].repeat_threshold: expected a number in (0, 1], got "x"',
    ],
    [`${L}    repeat_threshold: 0\n`, '4:23: suites[0].repeat_threshold: expected a number in (0, 1], got 0'],
    [
      `${L}    repeat_threshold: 1.5\n`,
      '4:23: suites[0].repeat_threshold: expected a number in (0, 1], got 1.5',
    ],
    [`${L}    replay: 5\n`, '4:13: suites[0].replay: expected a cassette folder, got 5'],
    [`${L}    embedding_model: 5\n`, '4:22: suites[0].embedding_model: expected a model name, got 5'],
    [
      'cost:\n  runner_per_hour: 1\n  currency: ""\n',
      '3:13: cost.currency: expected a currency code such as USD, got ""',
    ],
    ['testgen:\n  targets: 5\n', '2:12: testgen.targets: expected a list of paths or globs, got 5'],
    ['testgen:\n  targets: []\n', '2:12: testgen.targets: expected at least one path or glob, got a list'],
    [`${T}  framework: mocha\n`, '3:14: testgen.framework: expected one of node, vitest, jest, got "mocha"'],
    [`${T}  changed_only: 1\n`, '3:17: testgen.changed_only: expected true or false, got 1'],
    [`${T}  force: 1\n`, '3:10: testgen.force: expected true or false, got 1'],
    [
      'gates:\n  accuracy:\n    max_drop: true\n',
      '3:15: gates.accuracy.max_drop: expected a non-negative number (absolute) or a percentage such as "5%" (relative), got true',
    ],
  ])('%j', (text, expected) => {
    expect(message(text)).toBe(`autoglm.yml:${expected}`);
  });

  it('a wrong type in each top-level list or map is named', () => {
    expect(message('models: 5\nsuites: 5\ngates: 5\n').split('\n')).toEqual([
      'autoglm.yml:1:9: models: expected a list of models, got 5',
      'autoglm.yml:2:9: suites: expected a list of suites, got 5',
      'autoglm.yml:3:8: gates: expected a map of metric -> {min, max, mode}, got 5',
    ]);
  });
});

describe('accepted values', () => {
  it.each(['GLM_API_KEY', 'K', '_k'])('api_key_env: %s', (name) => {
    expect(parse(`${E}    api_key_env: ${name}\n`).config.models[0]?.api_key_env).toBe(name);
  });

  it('any currency code, several testgen targets, a percentage with two decimals', () => {
    expect(parse('cost:\n  runner_per_hour: 1\n  currency: EUR\n').config.cost?.currency).toBe('EUR');
    expect(parse('testgen:\n  targets: [a, b]\n').config.testgen?.targets).toEqual(['a', 'b']);
    expect(parse('gates:\n  accuracy:\n    max_drop: "2.55%"\n').config.gates.accuracy?.max_drop).toEqual({
      amount: 0.0255,
      relative: true,
      text: '2.55%',
    });
  });
});

describe('direction and default allowances', () => {
  it.each(['accuracy', 'macro_f1', 'cosine', 'throughput', 'pass_rate', 'tokens_per_s'])(
    '%s is better when higher: max_increase is refused',
    (metric) => {
      expect(message(`gates:\n  ${metric}:\n    max_increase: 1\n`)).toBe(
        `autoglm.yml:3:5: gates.${metric}.max_increase: ${metric} is better when higher; use max_drop`,
      );
    },
  );

  it('coverage metrics are better when higher; latency, errors and cost when lower', () => {
    expect(isHigherBetter('coverage.lines')).toBe(true);
    expect(isHigherBetter('coverage.patch')).toBe(true);
    expect(isHigherBetter('lines.coverage.')).toBe(false);
    expect(isHigherBetter('latency.p95_ms')).toBe(false);
    expect(isHigherBetter('errors')).toBe(false);
  });

  it('an ungated metric is judged at 0.01 absolute (quality) or a percentage of the baseline', () => {
    expect(DEFAULT_THRESHOLDS.accuracy).toEqual({ amount: 0.01, relative: false, text: '0.01' });
    expect(DEFAULT_THRESHOLDS['latency.p95_ms']).toEqual({ amount: 0.05, relative: true, text: '5%' });
    expect(DEFAULT_THRESHOLDS.load_time_ms).toEqual({ amount: 0.2, relative: true, text: '20%' });
  });
});

describe('a value of one of several forms (dataset, adapter)', () => {
  const D = 'suites:\n  - name: s\n    dataset: ';
  it.each([
    [
      `${D}{synthetic: {inputs: [a], seed: x}}\n`,
      '3:46: suites[0].dataset.synthetic.seed: expected an integer seed, got "x"',
    ],
    [
      `${D}{synthetic: {inputs: [a], seed: 1.5}}\n`,
      '3:46: suites[0].dataset.synthetic.seed: expected an integer seed, got 1.5',
    ],
    [
      `${D}{synthetic: {inputs: [a], samples: 0}}\n`,
      '3:49: suites[0].dataset.synthetic.samples: expected a positive integer, got 0',
    ],
    [
      `${D}{synthetic: {inputs: [a], sede: 1}}\n`,
      '3:40: suites[0].dataset.synthetic.sede: unknown key; did you mean "seed"? (allowed: inputs, samples, seed)',
    ],
    [`${D}{path: 5}\n`, '3:21: suites[0].dataset.path: expected a string, got 5'],
    [
      'models:\n  - name: a\n    path: a.onnx\n    adapter: {type: t, inputs: 5}\n',
      '4:32: models[0].adapter.inputs: expected a map of model input -> dataset field, got 5',
    ],
    [
      'models:\n  - name: a\n    path: a.onnx\n    adapter: {}\n',
      '4:14: models[0].adapter.type: expected a string, it is missing',
    ],
  ])('the form the value took names the key inside it: %j', (text, expected) => {
    expect(message(text)).toBe(`autoglm.yml:${expected}`);
  });

  it('a value that fits no form, or could be either, gets the list of forms', () => {
    expect(message(`${D}{}\n`)).toBe(
      'autoglm.yml:3:14: suites[0].dataset: expected a JSONL path or {synthetic: {inputs: [...]}}, got a map',
    );
  });
});
