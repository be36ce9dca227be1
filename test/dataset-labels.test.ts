import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_MODELS, runCli, tempDir } from './helpers.js';

/**
 * Rows whose expected value is missing or impossible (issue 14, item 10), through the built CLI:
 * each is bad input naming `file:line`, or, where the suite allows unlabelled rows, a warning that
 * counts them. Nothing is silently left out of a metric or silently counted wrong.
 */
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(config: string, data: Record<string, unknown>[]): string {
  const dir = tempDir('autoglm-labels-');
  made.push(dir);
  for (const m of ['regression.onnx', 'flatten-input.onnx']) {
    copyFileSync(path.join(FIXTURE_MODELS, m), path.join(dir, m));
  }
  writeFileSync(path.join(dir, 'autoglm.yml'), config);
  writeFileSync(path.join(dir, 'data.jsonl'), `${data.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return dir;
}

const REGRESSION = (suiteExtra = '', adapter = 'regression') => `models:
  - name: reg
    path: regression.onnx
    adapter: ${adapter}
suites:
  - name: values
    dataset: data.jsonl
    models: [reg]
${suiteExtra}`;

const ROWS = [
  { features: [1, 2, 3, 4, 5], expected: 1.5 },
  { features: [1, 0, 0, 0, 0], label: 0.5 },
  { features: [0, 0, 0, 0, 1], expected: 2 },
];

const run = (dir: string) => runCli(['run', '--config', 'autoglm.yml'], dir, { HOME: dir });

describe('rows without the expected field (item 10)', () => {
  it('in a labelled dataset: exit 2 naming file:line and the fields the row has', () => {
    const dir = project(REGRESSION(), ROWS);
    const r = run(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('data.jsonl:2: no "expected" field (the row has fields "features", "label")');
    expect(r.stderr).toContain('while data.jsonl:1 has one');
    expect(r.stderr).toContain('allow_unlabelled: true');
  });

  it('the first row unlabelled, a later one labelled: still named', () => {
    const dir = project(REGRESSION(), [ROWS[1], ROWS[0]] as Record<string, unknown>[]);
    const r = run(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('data.jsonl:1: no "expected" field');
    expect(r.stderr).toContain('while data.jsonl:2 has one');
  });

  it('allow_unlabelled: a warning with the counts, and MAE over the labelled rows only', () => {
    const dir = project(REGRESSION('    allow_unlabelled: true\n'), ROWS);
    const r = run(dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'model "reg": 1 of 3 rows have no "expected" field (data.jsonl:2) and are left out of its quality metrics',
    );
    const results = JSON.parse(readFileSync(path.join(dir, 'autoglm-results.json'), 'utf8'));
    const model = results.suites[0].models[0];
    const labelled = model.samples.filter((s: { expected?: number }) => s.expected !== undefined);
    expect(labelled.map((s: { id: string }) => s.id)).toEqual(['1', '3']);
    const mae = labelled.reduce((a: number, s: { error: number }) => a + Math.abs(s.error), 0) / 2;
    expect(model.metrics.mae).toBeCloseTo(mae, 9);
  });

  it('no row labelled while the suite asks for MAE: exit 2; the adapter naming the field fixes it', () => {
    const rows = ROWS.map(({ expected, ...r }) => ({ ...r, label: expected ?? 0.5 }));
    const asked = project(REGRESSION('    metrics: [mae, latency]\n'), rows);
    const r = run(asked);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('data.jsonl:1: no "expected" field (the row has fields "features", "label")');
    expect(r.stderr).toContain('the suite asks for mae');
    const named = project(
      REGRESSION('    metrics: [mae, latency]\n', '{type: regression, expected: label}'),
      rows,
    );
    const ok = run(named);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    // Unlabelled on purpose (a latency-only suite) stays silent.
    const latency = project(REGRESSION('    metrics: [latency]\n'), rows);
    expect(run(latency).code).toBe(0);
  });
});

describe('classifier classes the model can never predict (item 10)', () => {
  const CLASSIFIER = (labels: string) => `models:
  - name: rot
    path: flatten-input.onnx
    adapter: classifier
${labels}suites:
  - name: rotation
    dataset: data.jsonl
    models: [rot]
`;
  const x = [
    [
      [1, 2],
      [3, 4],
    ],
  ];

  it('expected "90" outside labels [0, 180, 270]: exit 2 naming file:line', () => {
    const dir = project(CLASSIFIER('    labels: ["0", "180", "270"]\n'), [
      { 'onnx::Flatten_0': x, expected: '180' },
      { 'onnx::Flatten_0': x, expected: '90' },
    ]);
    const r = run(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'data.jsonl:2: "expected" "90" is not one of the model\'s labels [0, 180, 270]',
    );
  });

  it('an index past the last output column (no labels): exit 2; indexes and labels in range pass', () => {
    const bad = project(CLASSIFIER(''), [
      { 'onnx::Flatten_0': x, expected: 2 },
      { 'onnx::Flatten_0': x, expected: 3 },
    ]);
    const r = run(bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'data.jsonl:2: "expected" 3 is not a class index of the model\'s 3 output columns (0 to 2)',
    );
    const good = project(CLASSIFIER('    labels: ["0", "180", "270"]\n'), [
      { 'onnx::Flatten_0': x, expected: 2 },
      { 'onnx::Flatten_0': x, expected: '0' },
    ]);
    expect(run(good).code).toBe(0);
  });
});
