import { describe, expect, it } from 'vitest';
import { findLiteralSecrets } from '../src/config/llm-checks.js';
import { parseConfig } from '../src/config/load.js';
import { usageError } from './helpers.js';

const parse = (text: string) => parseConfig(text, 'autoglm.yml', '/nonexistent');
const message = (text: string) => usageError(() => parse(text)).message;
const gate = (value: string) => `gates:\n  accuracy:\n    max_drop: ${value}\n`;
const THRESHOLD_HELP = 'expected a non-negative number (absolute) or a percentage such as "5%" (relative)';

describe('config values: what is accepted, and the message for what is not', () => {
  it.each([
    ['"5"', '"5"'],
    ['"x5%"', '"x5%"'],
    ['"5%x"', '"5%x"'],
    ['"5.%"', '"5.%"'],
    ['"5 percent"', '"5 percent"'],
    ['-1', '-1'],
  ])('a gate threshold of %s is refused, named and shown', (value, shown) => {
    expect(message(gate(value))).toBe(
      `autoglm.yml:3:15: gates.accuracy.max_drop: ${THRESHOLD_HELP}, got ${shown}`,
    );
  });

  it('a percentage is relative (spaces allowed, text kept trimmed); a number is absolute', () => {
    expect(parse(gate('" 2.5 % "')).config.gates?.accuracy?.max_drop).toEqual({
      amount: 0.025,
      relative: true,
      text: '2.5 %',
    });
    expect(parse(gate('"10%"')).config.gates?.accuracy?.max_drop).toEqual({
      amount: 0.1,
      relative: true,
      text: '10%',
    });
    expect(parse(gate('0.02')).config.gates?.accuracy?.max_drop).toEqual({
      amount: 0.02,
      relative: false,
      text: '0.02',
    });
  });

  it.each([
    [
      'models:\n  - name: ""\n    path: a.onnx\n',
      'autoglm.yml:2:11: models[0].name: expected a non-empty string, got ""',
    ],
    [
      'models:\n  - name: 5\n    path: a.onnx\n',
      'autoglm.yml:2:11: models[0].name: expected a string, got 5',
    ],
    [
      'models:\n  - name: a\n    path: a.onnx\n    batch_size: "x"\n',
      'autoglm.yml:4:17: models[0].batch_size: expected a positive integer, got "x"',
    ],
    [
      'models:\n  - name: a\n    endpoint: http://x/v1\n    model: m\n    retries: -1\n',
      'autoglm.yml:5:14: models[0].retries: expected a non-negative integer, got -1',
    ],
    [
      'models:\n  - name: a\n    endpoint: http://x/v1\n    model: m\n    retries: 1.5\n',
      'autoglm.yml:5:14: models[0].retries: expected a non-negative integer, got 1.5',
    ],
    [
      'models:\n  - name: a\n    endpoint: http://x/v1\n    model: m\n    retries: "x"\n',
      'autoglm.yml:5:14: models[0].retries: expected a non-negative integer, got "x"',
    ],
    [
      'cost:\n  runner_per_hour: -1\n',
      'autoglm.yml:2:20: cost.runner_per_hour: expected a non-negative number (price per runner hour), got -1',
    ],
    [
      'cost:\n  runner_per_hour: 1\n  per_1k_tokens: -1\n',
      'autoglm.yml:3:18: cost.per_1k_tokens: expected a non-negative number (price per 1,000 tokens), got -1',
    ],
    [
      'cost:\n  runner_per_hour: 1\n  currency: 5\n',
      'autoglm.yml:3:13: cost.currency: expected a currency code such as USD, got 5',
    ],
  ])('%j: refused with its place, key, expectation and value', (text, expected) => {
    expect(message(text)).toBe(expected);
  });

  it('prices default to USD', () => {
    expect(parse('cost:\n  runner_per_hour: 1\n').config.cost?.currency).toBe('USD');
  });

  const ALLOWED = '(allowed: models, suites, gates, report, testgen, coverage, baseline, cost)';
  it.each([
    ['Models', 'Models: unknown key; did you mean "models"?'],
    ['modles', 'modles: unknown key; did you mean "models"?'],
    ['model_s', 'model_s: unknown key; did you mean "models"?'],
    ['gaets', 'gaets: unknown key; did you mean "gates"?'],
    ['xyzzy', 'xyzzy: unknown key'],
    ['mo', 'mo: unknown key'],
  ])('an unknown top-level key %s gets a suggestion only when one is close', (key, expected) => {
    expect(message(`${key}: []\n`)).toBe(`autoglm.yml:1:1: ${expected} ${ALLOWED}`);
  });
});

describe('coverage section values', () => {
  const cov = (rest: string) => `coverage:\n  files: [a]\n${rest}`;
  const gateLine = (line: string) => cov(`  gates:\n    lines:\n${line}`);
  it.each([
    ['coverage:\n  files: []\n', '2:10: coverage.files: expected at least one path or glob, got a list'],
    ['coverage:\n  files: x.info\n', '2:10: coverage.files: expected a list of paths or globs, got "x.info"'],
    ['coverage:\n  files: [""]\n', '2:11: coverage.files[0]: expected a non-empty string, got ""'],
    ['coverage:\n  files: [5]\n', '2:11: coverage.files[0]: expected a string, got 5'],
    [
      cov('  format: clover\n'),
      '3:11: coverage.format: expected one of auto, istanbul, lcov, cobertura, v8, got "clover"',
    ],
    [
      gateLine('      min: 101\n'),
      '5:12: coverage.gates.lines.min: expected a percentage between 0 and 100, got 101',
    ],
    [
      gateLine('      min: -1\n'),
      '5:12: coverage.gates.lines.min: expected a percentage between 0 and 100, got -1',
    ],
    [
      gateLine('      min: "x"\n'),
      '5:12: coverage.gates.lines.min: expected a percentage between 0 and 100, got "x"',
    ],
    [
      gateLine('      min: 50\n      mode: fail\n'),
      '6:13: coverage.gates.lines.mode: expected block, warn or info, got "fail"',
    ],
    [
      gateLine('      max_drop: "x"\n'),
      '5:17: coverage.gates.lines.max_drop: expected a non-negative number of percentage points or a percentage of the baseline such as "5%", got "x"',
    ],
    [cov('  gate_indirect: "yes"\n'), '3:18: coverage.gate_indirect: expected true or false, got "yes"'],
  ])('%j: refused with its place and what was expected', (text, expected) => {
    expect(message(text)).toBe(`autoglm.yml:${expected}`);
  });

  it('defaults: format auto, indirect changes not gated, no gates; bounds 0 and 100 accepted', () => {
    expect(parse(cov('')).config.coverage).toEqual({
      files: ['a'],
      format: 'auto',
      gate_indirect: false,
      gates: {},
    });
    for (const min of [0, 100]) {
      expect(parse(gateLine(`      min: ${min}\n`)).config.coverage?.gates.lines?.min).toBe(min);
    }
  });
});

describe('endpoint models', () => {
  const m = (rest: string) => `models:\n  - name: a\n${rest}`;
  const ROUTE =
    'give the base URL (e.g. http://host:8000), not the route; autoglm appends /v1/chat/completions per profile';
  it.each([
    [
      m('    endpoint: ftp://x/v1\n'),
      '3:15: models[0].endpoint: expected an http:// or https:// base URL, got "ftp://x/v1"',
    ],
    [m('    endpoint: http://x/v1/chat/completions\n'), `3:15: models[0].endpoint: ${ROUTE}`],
    [m('    endpoint: http://x/v1/completions/\n'), `3:15: models[0].endpoint: ${ROUTE}`],
    [m('    endpoint: http://x/v1/embeddings\n'), `3:15: models[0].endpoint: ${ROUTE}`],
    [
      m('    endpoint: https://user:pw@x/v1\n'),
      '3:15: models[0].endpoint: credentials in the URL are not allowed; use api_key_env',
    ],
    [
      m('    endpoint: http://x/v1\n    api: http\n'),
      '2:5: models[0]: api: http needs a request body template and a response JSON pointer',
    ],
    [
      m('    endpoint: http://x/v1\n    api: http\n    request: {}\n    response: choices\n'),
      '6:15: models[0].response: expected a JSON pointer starting with "/", got "choices"',
    ],
  ])('%j: refused with the reason', (text, expected) => {
    expect(message(text)).toBe(`autoglm.yml:${expected}`);
  });

  it('accepts a base URL in any case, a route-like path that is not a route, and a raw HTTP API at any path', () => {
    for (const text of [
      m('    endpoint: HTTPS://x/v1\n'),
      m('    endpoint: http://x/v1/completions/x\n'),
      m('    endpoint: http://x/v1/chat/completions\n    api: http\n    request: {}\n    response: /a\n'),
      m('    endpoint: http://x/v1\n    api: http\n    request: {}\n    response: ""\n'),
    ]) {
      expect(parse(text).config.models[0]?.name).toBe('a');
    }
  });
});

describe('literal secrets in the config', () => {
  const at = (key: string, value: string) => findLiteralSecrets({ models: [{ name: 'm', [key]: value }] });

  it.each([
    'api_key',
    'api-key',
    'apikey',
    'API_KEY',
    'access_token',
    'access-token',
    'accesstoken',
    'auth_token',
    'auth-token',
    'authtoken',
    'token',
    'secret',
    'password',
    'authorization',
    'X-Api-Key',
    'bearer',
  ])('any value under the key %s is a secret', (key) => {
    expect(at(key, 'abc')).toEqual([['models', 0, key]]);
  });

  it.each([
    'api_key_env',
    'tokens',
    'my_token',
    'secretary',
    'api__key',
    'apiXkey',
    'accessXtoken',
    'authXtoken',
  ])('the key %s is not a secret name', (key) => {
    expect(at(key, 'abc')).toEqual([]);
  });

  it('an empty value under a secret name is not a secret', () => {
    expect(at('api_key', '  ')).toEqual([]);
  });

  const x = (n: number) => 'a1'.repeat(n).slice(0, n);
  it.each([
    `sk-${x(12)}`,
    `sk-ant-${x(12)}`,
    `hf_${x(20)}`,
    `ghp_${x(20)}`,
    `gho_${x(20)}`,
    `ghu_${x(20)}`,
    `ghs_${x(20)}`,
    `ghr_${x(20)}`,
    `glpat-${x(16)}`,
    `xoxb-${x(10)}`,
    `xoxa-${x(10)}`,
    `xoxp-${x(10)}`,
    `xoxr-${x(10)}`,
    `Bearer ${x(8)}`,
    `  sk-${x(12)}  `,
  ])('a value shaped like a key (%s) is a secret under any key', (value) => {
    expect(at('note', value)).toEqual([['models', 0, 'note']]);
  });

  it.each([
    `sk-${x(11)}`,
    `sk-ant-${x(4)}`,
    `hf_${x(19)}`,
    `ghx_${x(20)}`,
    `glpat-${x(15)}`,
    `xoxc-${x(10)}`,
    `xoxb-${x(9)}`,
    `Bearer ${x(7)}`,
    `Bearer`,
    `xsk-${x(12)}`,
    `sk-${x(12)} and more`,
    `see hf_${x(20)}`,
    `sk-${x(6)}!${x(6)}`,
    `hf_${x(10)}-${x(10)}`,
  ])('%s is not shaped like a key', (value) => {
    expect(at('note', value)).toEqual([]);
  });

  it('walks nested lists and maps and reports every place', () => {
    expect(
      findLiteralSecrets({
        models: [{ name: 'a', request: { headers: { authorization: 'x' } } }, { name: 'b' }],
        suites: [{ prompts: ['hello', `sk-${x(12)}`] }],
        other: 5,
      }),
    ).toEqual([
      ['models', 0, 'request', 'headers', 'authorization'],
      ['suites', 0, 'prompts', 1],
    ]);
  });
});
