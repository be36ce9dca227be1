import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResultsSchema } from '../src/results/schema.js';
import { demoCopy, FIXTURE_MODELS, runCli, tempDir } from './helpers.js';

const V1 = path.join('models', 'digits-v1.onnx');
const V2 = path.join('models', 'digits-v2.onnx');

describe('autoglm run on the demo (built CLI)', () => {
  const dir = demoCopy();
  const r = runCli(['run', '--json', 'summary.json'], dir);

  it('passes and prints the side-by-side table of the three models', () => {
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/model\s+mean latency\s+p95\s+accuracy\s+macro-F1\s+memory\s+size/);
    expect(r.stdout).toMatch(/digits-v1\s+.*\s92\.0%/);
    expect(r.stdout).toMatch(/digits-v1-int8\s+.*\s92\.0%/);
    expect(r.stdout).toMatch(/digits-v2\s+.*\s88\.0%/);
    expect(r.stdout).toMatch(/digits-v1-int8 vs digits-v1: size 38\.1 KiB → 11\.4 KiB/);
    expect(r.stdout).toContain('Verdict: pass');
  });

  it('writes a valid results document with per-sample records', () => {
    const results = ResultsSchema.parse(
      JSON.parse(readFileSync(path.join(dir, 'autoglm-results.json'), 'utf8')),
    );
    const suite = results.suites[0];
    expect(suite?.models.map((m) => m.name)).toEqual(['digits-v1', 'digits-v1-int8', 'digits-v2']);
    const v1 = suite?.models[0];
    expect(v1?.samples).toHaveLength(200);
    expect(v1?.samples[0]).toMatchObject({
      id: 'eval-0001',
      expected: expect.any(String),
      correct: expect.any(Boolean),
    });
    const correct = v1?.samples.filter((s) => s.correct).length ?? 0;
    expect(v1?.metrics.accuracy).toBeCloseTo(correct / 200, 10);
    expect(v1?.batched).toBe(true);
    expect(suite?.models[1]?.quantizedFrom).toBe('digits-v1');
    expect(suite?.agreement.find((a) => a.a === 'digits-v1' && a.b === 'digits-v1-int8')?.top1).toBe(1);
    expect(results.verdict).toBe('pass');
  });

  it('writes the markdown report and the --json summary', () => {
    const md = readFileSync(path.join(dir, 'autoglm-report.md'), 'utf8');
    expect(md).toContain('<!-- autoglm-report -->');
    expect(md).toContain('| model | mean latency | p95 | accuracy |');
    expect(md).toContain('| `digits-v2` |');
    const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
    expect(summary.verdict).toBe('pass');
    expect(summary.exitCode).toBe(0);
    expect(summary.suites[0].models).toHaveLength(3);
    expect(summary.suites[0].models[0].metrics.accuracy).toBeCloseTo(0.92, 5);
    expect(summary.suites[0].models[0]).not.toHaveProperty('samples');
  });

  it('leaves no temporary files beside its outputs', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('gates and exit codes', () => {
  it('exits 1 on a failed block gate, and 0 with --fail-on never', () => {
    const dir = demoCopy();
    const config = readFileSync(path.join(dir, 'autoglm.yml'), 'utf8').replace('min: 0.8', 'min: 0.9');
    writeFileSync(path.join(dir, 'strict.yml'), config);
    const r = runCli(['run', '--config', 'strict.yml'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL gate accuracy digits-eval\/digits-v2: 0\.88 \(min 0\.9\) \[block\]/);
    expect(r.stdout).toContain('Verdict: regression');
    // Report first, fail last: the report is written even though the run fails.
    expect(readFileSync(path.join(dir, 'autoglm-report.md'), 'utf8')).toContain('regression');
    expect(runCli(['run', '--config', 'strict.yml', '--fail-on', 'never'], dir).code).toBe(0);
  });

  it('a failed warn gate is a warning: exit 0, or 1 with --fail-on warning', () => {
    const dir = demoCopy();
    const config = readFileSync(path.join(dir, 'autoglm.yml'), 'utf8').replace('max: 50', 'max: 0.000001');
    writeFileSync(path.join(dir, 'warn.yml'), config);
    const r = runCli(['run', '--config', 'warn.yml'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Verdict: warning');
    expect(runCli(['run', '--config', 'warn.yml', '--fail-on', 'warning'], dir).code).toBe(1);
  });
});

describe('autoglm eval without a config', () => {
  it('runs two models side by side on the same synthetic inputs', () => {
    const dir = demoCopy();
    const r = runCli(
      [
        'eval',
        '--model',
        `a=${V1}`,
        '--model',
        `b=${V2}`,
        '--synthetic',
        'pixels:float32[1,64]',
        '--samples',
        '40',
        '--seed',
        '7',
        '--batch-size',
        '8',
        '--threads',
        '1',
      ],
      dir,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^a\s/m);
    expect(r.stdout).toMatch(/^b\s/m);
    expect(r.stdout).toMatch(/a vs b: top-1 \d+\.\d%/);
    const results = JSON.parse(readFileSync(path.join(dir, 'autoglm-results.json'), 'utf8'));
    const [a, b] = results.suites[0].models;
    expect(a.samples).toHaveLength(40);
    expect(a.threads).toEqual({ intraOp: 1, interOp: 1 });
    expect(a.batchSize).toBe(8);
    expect(results.suites[0].dataset).toMatchObject({ kind: 'synthetic', seed: 7, samples: 40 });
    // Same seed, same inputs: a second run predicts exactly the same.
    runCli(
      [
        'eval',
        '--model',
        `a=${V1}`,
        '--model',
        `b=${V2}`,
        '--synthetic',
        'pixels:float32[1,64]',
        '--samples',
        '40',
        '--seed',
        '7',
        '--results',
        'again.json',
      ],
      dir,
    );
    const again = JSON.parse(readFileSync(path.join(dir, 'again.json'), 'utf8'));
    expect(again.suites[0].models[0].samples.map((s: { prediction: unknown }) => s.prediction)).toEqual(
      a.samples.map((s: { prediction: unknown }) => s.prediction),
    );
    expect(b.samples).toHaveLength(40);
  });

  it('accepts input names that contain colons (onnx::Flatten_0)', () => {
    const dir = tempDir();
    const model = path.join(FIXTURE_MODELS, 'flatten-input.onnx');
    const r = runCli(
      ['eval', '--model', `m=${model}`, '--synthetic', 'onnx::Flatten_0:float32[1,1,2,2]', '--samples', '5'],
      dir,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(path.join(dir, 'autoglm-results.json'), 'utf8'));
    expect(results.suites[0].models[0].samples[0].prediction.logits).toHaveLength(3);
  });

  it('scores labelled JSONL with --labels and evaluates an int8 copy with --quantize', () => {
    const dir = demoCopy();
    const labels = '0,1,2,3,4,5,6,7,8,9';
    const r = runCli(
      [
        'eval',
        '--model',
        `v1=${V1}`,
        '--data',
        'data/eval.jsonl',
        '--labels',
        labels,
        '--quantize',
        '--samples',
        '100',
      ],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^v1\s+.*%/m);
    expect(r.stdout).toMatch(/^v1-int8\s+.*%/m);
    const results = JSON.parse(readFileSync(path.join(dir, 'autoglm-results.json'), 'utf8'));
    expect(results.suites[0].dataset.samples).toBe(100);
    expect(results.suites[0].models[1].metrics.sizeBytes).toBeLessThan(
      results.suites[0].models[0].metrics.sizeBytes * 0.35,
    );
  });
});

/** Each bad input: exit code 2, one clear message, no stack trace. */
describe('bad input', () => {
  const bad = (args: string[], cwd: string, expected: RegExp) => {
    const r = runCli(args, cwd);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  };
  const dir = demoCopy();

  it('not an ONNX file', () => {
    bad(
      [
        'eval',
        '--model',
        `m=${path.join(FIXTURE_MODELS, 'not-a-model.onnx')}`,
        '--synthetic',
        'x:float32[1,4]',
      ],
      dir,
      /not-a-model\.onnx: not a valid ONNX model/,
    );
  });
  it('a truncated model', () => {
    bad(
      [
        'eval',
        '--model',
        `m=${path.join(FIXTURE_MODELS, 'truncated.onnx')}`,
        '--synthetic',
        'x:float32[1,4]',
      ],
      dir,
      /truncated\.onnx: not a valid ONNX model/,
    );
  });
  it('a model input the dataset does not provide lists the model inputs', () => {
    bad(
      ['eval', '--model', `m=${V1}`, '--synthetic', 'image:float32[1,64]'],
      dir,
      /model "m" needs input "pixels".*Model inputs: pixels float32\[batch,64\]/,
    );
  });
  it('a dtype mismatch', () => {
    bad(
      ['eval', '--model', `m=${V1}`, '--synthetic', 'pixels:int64[1,64]'],
      dir,
      /dtype mismatch: got int64, model "m" expects float32/,
    );
  });
  it('a shape mismatch', () => {
    bad(
      ['eval', '--model', `m=${V1}`, '--synthetic', 'pixels:float32[1,63]'],
      dir,
      /shape mismatch for input "pixels".*got \[1,63\], expected \[batch,64\]/,
    );
  });
  it('a malformed JSONL line names file:line', () => {
    writeFileSync(
      path.join(dir, 'broken.jsonl'),
      `${readFileSync(path.join(dir, 'data/eval.jsonl'), 'utf8').split('\n')[0]}\n{"pixels": [1,2,\n`,
    );
    bad(
      ['eval', '--model', `m=${V1}`, '--data', 'broken.jsonl'],
      dir,
      /broken\.jsonl:2: malformed JSON line/,
    );
  });
  it('an empty dataset', () => {
    writeFileSync(path.join(dir, 'empty.jsonl'), '\n\n');
    bad(['eval', '--model', `m=${V1}`, '--data', 'empty.jsonl'], dir, /empty\.jsonl: the dataset is empty/);
  });
  it('a missing config file', () => {
    bad(['run', '--config', 'nope.yml'], dir, /config file not found: nope\.yml/);
  });
  it('an unknown adapter', () => {
    writeFileSync(
      path.join(dir, 'adapter.yml'),
      'models:\n  - name: m\n    path: models/digits-v1.onnx\n    adapter: clasifier\nsuites:\n  - name: s\n    dataset: data/eval.jsonl\n',
    );
    bad(
      ['run', '--config', 'adapter.yml'],
      dir,
      /adapter\.yml:2:5: models\[0\]: unknown adapter "clasifier"; did you mean "classifier"\?/,
    );
  });
  it('a config value of the wrong type names file, line, column and key path', () => {
    writeFileSync(
      path.join(dir, 'typo.yml'),
      'models:\n  - name: m\n    path: models/digits-v1.onnx\n    batch_size: "16x"\n',
    );
    bad(
      ['run', '--config', 'typo.yml'],
      dir,
      /typo\.yml:4:17: models\[0\]\.batch_size: expected a positive integer, got "16x"/,
    );
  });
  it('an unknown flag, with a suggestion', () => {
    bad(['eval', '--modle', 'x=y'], dir, /unknown option --modle; did you mean --model\?/);
  });
  it('an unknown command', () => {
    bad(['evl'], dir, /unknown command "evl"/);
  });
});

describe('help', () => {
  it('prints usage for the tool and for each command, exit 0', () => {
    const dir = tempDir();
    const top = runCli(['--help'], dir);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Usage: autoglm <command>/);
    expect(top.stdout).toMatch(/^\s+run\s/m);
    expect(top.stdout).toMatch(/^\s+eval\s/m);
    for (const command of ['run', 'eval']) {
      const r = runCli([command, '--help'], dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: autoglm ${command}`);
      expect(r.stdout).toContain('--config FILE');
      expect(r.stdout).toContain('--json FILE');
    }
  });
});

describe('the demo compares with its committed baseline', () => {
  it('names the baseline file and finds no change for the same models', () => {
    const dir = demoCopy();
    const r = runCli(['run'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Baseline: autoglm-baseline\.json \(file store, /);
    expect(r.stdout).toContain('Against the baseline: no change');
    const results = JSON.parse(readFileSync(path.join(dir, 'autoglm-results.json'), 'utf8'));
    const accuracy = results.comparison.findings.filter((f: { metric: string }) => f.metric === 'accuracy');
    expect(
      accuracy.map((f: { model: string; outcome: string; method: string }) => [f.model, f.outcome, f.method]),
    ).toEqual([
      ['digits-v1', 'no change', 'paired'],
      ['digits-v1-int8', 'no change', 'paired'],
      ['digits-v2', 'no change', 'paired'],
    ]);
  });
});
