import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../src/config/load.js';
import { ExitCode, exitCodeFor } from '../src/errors.js';
import { registryFromConfig } from '../src/pipeline/evals.js';
import { usageError, usageErrorAsync } from './helpers.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'autoglm-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Run `fn`, expect a UsageError, and return it. */

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function lineCol(text: string, needle: string, from = 0): { line: number; col: number } {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, col: (before[before.length - 1] as string).length + 1 };
}

const parse = (text: string) => parseConfig(text, 'autoglm.yml', tmp);

describe('parseConfig: located errors', () => {
  it('names file:line:col, the key path and the bad value for models[1].batch_size: "16x"', () => {
    const text = [
      'models:',
      '  - name: first',
      '    path: a.onnx',
      '  - name: second',
      '    path: b.onnx',
      '    batch_size: "16x"',
      '',
    ].join('\n');
    const { line, col } = lineCol(text, '"16x"');
    expect(line).toBe(6);
    expect(col).toBe(17);
    const e = usageError(() => parse(text));
    expect(e.message).toBe(
      `autoglm.yml:${line}:${col}: models[1].batch_size: expected a positive integer, got "16x"`,
    );
  });

  it('rejects zero, fractional and null batch sizes with the value shown', () => {
    const base = 'models:\n  - name: a\n    path: a.onnx\n    batch_size: ';
    expect(usageError(() => parse(`${base}0\n`)).message).toBe(
      'autoglm.yml:4:17: models[0].batch_size: expected a positive integer, got 0',
    );
    expect(usageError(() => parse(`${base}1.5\n`)).message).toBe(
      'autoglm.yml:4:17: models[0].batch_size: expected a positive integer, got 1.5',
    );
    expect(usageError(() => parse(`${base}\n`)).message).toMatch(
      /^autoglm\.yml:4:\d+: models\[0\]\.batch_size: expected a positive integer, got null$/,
    );
  });

  it('suggests batch_size for the unknown key batchsize and points at its line', () => {
    const text = 'models:\n  - name: a\n    path: a.onnx\n    batchsize: 4\n';
    const { line, col } = lineCol(text, 'batchsize');
    const e = usageError(() => parse(text));
    expect(e.message).toContain(`autoglm.yml:${line}:${col}: models[0].batchsize: unknown key`);
    expect(e.message).toContain('did you mean "batch_size"?');
    expect(e.message).toContain('allowed: name, path, model, endpoint');
  });

  it('suggests suites for the top-level typo sutes', () => {
    const text = 'models: []\nsutes: []\n';
    const e = usageError(() => parse(text));
    expect(e.message).toBe(
      'autoglm.yml:2:1: sutes: unknown key; did you mean "suites"? (allowed: models, suites, gates, report, testgen, coverage, baseline, cost)',
    );
  });

  it('suggests keys inside nested objects (adapter options, report)', () => {
    const adapter = usageError(() =>
      parse('models:\n  - name: a\n    path: a.onnx\n    adapter: {type: classifier, lables: ["x"]}\n'),
    );
    expect(adapter.message).toMatch(/^autoglm\.yml:4:\d+: models\[0\]\.adapter\.lables: unknown key/);
    expect(adapter.message).toContain('did you mean "labels"?');
    const report = usageError(() => parse('report:\n  titel: x\n'));
    expect(report.message).toContain('autoglm.yml:2:3: report.titel: unknown key; did you mean "title"?');
  });

  it('names the line of invalid YAML', () => {
    const text = 'models:\n  - name: a\n   path: a.onnx\n';
    const e = usageError(() => parse(text));
    expect(e.message).toMatch(/^autoglm\.yml:3:\d+: invalid YAML: /);
  });

  it('rejects duplicate YAML keys as invalid YAML', () => {
    const e = usageError(() => parse('models: []\nmodels: []\n'));
    expect(e.message).toMatch(/^autoglm\.yml:2:\d+: invalid YAML: .*unique/);
  });

  it('rejects a document that is not a map', () => {
    const e = usageError(() => parse('- a\n- b\n'));
    expect(e.message).toBe(
      'autoglm.yml:1:1: expected a map of settings (models, suites, gates, ...), got a list',
    );
  });

  it('suggests the close model name when a suite names an unknown model', () => {
    const text = [
      'models:',
      '  - name: digits-v1',
      '    path: a.onnx',
      'suites:',
      '  - name: s',
      '    dataset: d.jsonl',
      '    models: [digits-v1x]',
      '',
    ].join('\n');
    const { line, col } = lineCol(text, 'digits-v1x');
    const e = usageError(() => parse(text));
    expect(e.message).toBe(
      `autoglm.yml:${line}:${col}: suites[0].models[0]: no model named "digits-v1x"; did you mean "digits-v1"? (models: digits-v1)`,
    );
  });

  it('suggests accuracy for the unknown gate metric acuracy', () => {
    const text = 'gates:\n  acuracy:\n    min: 0.5\n';
    const e = usageError(() => parse(text));
    expect(e.message).toMatch(/gates\.acuracy: unknown metric; did you mean "accuracy"\?/);
    expect(e.message).toContain('metrics: accuracy, macro_f1');
  });

  it('points the unknown gate metric error at the misspelt key', () => {
    const text = 'gates:\n  acuracy:\n    min: 0.5\n';
    const { line, col } = lineCol(text, 'acuracy');
    const e = usageError(() => parse(text));
    expect(e.message.split(': gates.acuracy:')[0]).toBe(`autoglm.yml:${line}:${col}`);
  });

  it('requires a threshold on a gate', () => {
    const e = usageError(() => parse('gates:\n  accuracy:\n    mode: warn\n'));
    expect(e.message).toMatch(/gates\.accuracy: expected at least one of min, max, max_drop, max_increase$/);
  });

  it('parses relative and absolute thresholds, direction-aware', () => {
    const { config } = parse(
      'gates:\n  accuracy:\n    max_drop: 0.02\n  latency.p95_ms:\n    max_increase: "5%"\n',
    );
    expect(config.gates.accuracy?.max_drop).toEqual({ amount: 0.02, relative: false, text: '0.02' });
    expect(config.gates['latency.p95_ms']?.max_increase).toEqual({
      amount: 0.05,
      relative: true,
      text: '5%',
    });
    const wrongWay = usageError(() => parse('gates:\n  latency.p95_ms:\n    max_drop: 5%\n'));
    expect(wrongWay.message).toBe(
      'autoglm.yml:3:5: gates.latency.p95_ms.max_drop: latency.p95_ms is better when lower; use max_increase',
    );
    const bad = usageError(() => parse('gates:\n  accuracy:\n    max_drop: lots\n'));
    expect(bad.message).toMatch(
      /gates\.accuracy\.max_drop: expected a non-negative number \(absolute\) or a percentage such as "5%" \(relative\), got "lots"/,
    );
  });

  it('rejects duplicate model names, naming both entries', () => {
    const text = 'models:\n  - name: a\n    path: a.onnx\n  - name: a\n    path: b.onnx\n';
    const { line, col } = lineCol(text, 'a\n', text.lastIndexOf('- name: a'));
    expect(line).toBe(4);
    const e = usageError(() => parse(text));
    expect(e.message).toBe(`autoglm.yml:${line}:${col}: models[1].name: "a" is already used by models[0]`);
  });

  it('rejects a model with neither path nor endpoint, and one with both', () => {
    const neither = usageError(() => parse('models:\n  - name: a\n    adapter: classifier\n'));
    expect(neither.message).toMatch(
      /^autoglm\.yml:2:\d+: models\[0\]: expected exactly one of "path" \(ONNX file\) or "endpoint", got neither$/,
    );
    const both = usageError(() => parse('models:\n  - name: a\n    path: a.onnx\n    endpoint: http://x\n'));
    expect(both.message).toMatch(/models\[0\]: expected exactly one of .* got several$/);
  });

  it('says a required key is missing', () => {
    const e = usageError(() => parse('models:\n  - path: a.onnx\n'));
    expect(e.message).toBe('autoglm.yml:2:5: models[0].name: expected a string, it is missing');
  });

  it('rejects quantize: "yes" (not a boolean)', () => {
    const e = usageError(() => parse('models:\n  - name: a\n    path: a.onnx\n    quantize: "yes"\n'));
    expect(e.message).toBe('autoglm.yml:4:15: models[0].quantize: expected true or false, got "yes"');
  });
});

describe('parseConfig: defaults and accepted forms', () => {
  it('fills defaults: batch_size 1, quantize false, adapter tensor, report paths', () => {
    const { config, file, dir } = parse('models:\n  - name: a\n    path: a.onnx\n');
    expect(file).toBe('autoglm.yml');
    expect(dir).toBe(tmp);
    const m = config.models[0];
    expect(m).toMatchObject({
      name: 'a',
      path: 'a.onnx',
      batch_size: 1,
      quantize: false,
      adapter: 'tensor',
      capabilities: [],
      warmup: 3,
    });
    expect(config.suites).toEqual([]);
    expect(config.gates).toEqual({});
    expect(config.report).toEqual({
      results: 'autoglm-results.json',
      markdown: 'autoglm-report.md',
      title: 'Open-AutoGLM CI',
    });
  });

  it('treats an empty file as an empty config', () => {
    expect(parse('').config.models).toEqual([]);
  });

  it('applies the gate mode default (block)', () => {
    expect(parse('gates:\n  accuracy:\n    min: 0.5\n').config.gates.accuracy).toEqual({
      min: 0.5,
      mode: 'block',
    });
  });

  it('accepts the seed key model: as the ONNX path', () => {
    const loaded = parse('models:\n  - name: seed\n    model: models/m.onnx\n    batch_size: 4\n');
    expect(loaded.config.models[0]?.model).toBe('models/m.onnx');
    const spec = registryFromConfig(loaded).get('seed');
    expect(spec.path).toBe(path.join(tmp, 'models/m.onnx'));
    expect(spec.batchSize).toBe(4);
  });

  it('locate() maps a key path to file:line:col after validation', () => {
    const loaded = parse('models:\n  - name: a\n    path: a.onnx\n');
    expect(loaded.locate(['models', 0, 'path'])).toBe('autoglm.yml:3:11');
  });
});

describe('loadConfig', () => {
  it('reads a file and resolves its folder', async () => {
    const file = path.join(tmp, 'autoglm.yml');
    fs.writeFileSync(file, 'models:\n  - name: a\n    path: a.onnx\n    batch_size: 8\n');
    const loaded = await loadConfig(file, 'autoglm.yml');
    expect(loaded.config.models[0]?.batch_size).toBe(8);
    expect(loaded.dir).toBe(tmp);
  });

  it('names the displayed file in errors', async () => {
    const file = path.join(tmp, 'bad.yml');
    fs.writeFileSync(file, 'models:\n  - name: a\n    path: a.onnx\n    batch_size: "16x"\n');
    const e = await usageErrorAsync(() => loadConfig(file, 'ci/bad.yml'));
    expect(e.message).toBe('ci/bad.yml:4:17: models[0].batch_size: expected a positive integer, got "16x"');
  });

  it('a missing file is a UsageError naming the path, with an init/--config hint', async () => {
    const missing = path.join(tmp, 'nope', 'autoglm.yml');
    const e = await usageErrorAsync(() => loadConfig(missing));
    expect(exitCodeFor(e)).toBe(ExitCode.BadInput);
    expect(e.message).toBe(`config file not found: ${missing}`);
    expect(e.hint).toContain('autoglm init');
    expect(e.hint).toContain('--config');
  });
});
