import { describe, expect, it } from 'vitest';
import { CHECKS, renderCodeQuality } from '../src/report/codequality.js';
import type { Finding } from '../src/results/comparison.js';
import type { CoverageResult } from '../src/results/coverage.js';
import type { GateOutcome, Results } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';

const finding = (over: Partial<Finding> = {}): Finding => ({
  suite: 'digits-eval',
  model: 'digits-v2',
  metric: 'accuracy',
  base: 0.92,
  current: 0.88,
  delta: -0.04,
  worsening: 0.04 / 0.92,
  outcome: 'regression',
  method: 'paired',
  reason: 'paired test',
  mode: 'block',
  severity: 5,
  ...over,
});

const gate = (over: Partial<GateOutcome> = {}): GateOutcome => ({
  metric: 'latency.p95_ms',
  suite: 'digits-eval',
  model: 'digits-v2',
  value: 12.5,
  max: 10,
  mode: 'block',
  status: 'fail',
  ...over,
});

const doc = (gates: GateOutcome[], findings: Finding[] = []): Results => ({
  ...results([suite([model('digits-v2')])], gates),
  comparison: { notes: [], findings, outcome: 'regression' },
});

const withPatch = (r: Results, uncovered: { start: number; end: number }[]): Results => {
  const coverage: CoverageResult = {
    inputs: [],
    totals: {
      lines: { covered: 0, total: 0 },
      statements: { covered: 0, total: 0 },
      functions: { covered: 0, total: 0 },
      branches: { covered: 0, total: 0 },
    },
    files: [],
    ignored: { count: 0, files: [] },
    notices: [],
    patch: {
      base: 'main',
      mergeBase: 'a'.repeat(40),
      head: 'b'.repeat(40),
      lines: { covered: 0, total: 3 },
      files: [{ path: 'src/a.js', covered: 0, total: 3, uncovered }],
      notInReport: [],
    },
  };
  return { ...r, coverage };
};

describe('Code Quality issues', () => {
  it('a regression: values, rule and reason in words; severity from its level; at the model file', () => {
    const [issue] = renderCodeQuality(doc([], [finding({ rule: 'max_drop 0.01' })]));
    expect(issue?.description).toBe(
      'accuracy of model digits-v2 (suite digits-eval) regressed: 0.92 -> 0.88 (max_drop 0.01); paired test',
    );
    expect(issue?.check_name).toBe(CHECKS.regression);
    expect(issue?.severity).toBe('blocker');
    expect(issue?.location).toEqual({ path: 'models/digits-v2.onnx', lines: { begin: 1 } });
    const levels = [1, 2, 3, 4].map(
      (severity) => renderCodeQuality(doc([], [finding({ severity })]))[0]?.severity,
    );
    expect(levels).toEqual(['info', 'minor', 'major', 'critical']);
    expect(renderCodeQuality(doc([], [finding({ mode: 'info' })]))[0]?.severity).toBe('info');
    const unmeasured = renderCodeQuality(doc([], [finding({ base: null, current: null })]))[0];
    expect(unmeasured?.description).toBe(
      'accuracy of model digits-v2 (suite digits-eval) regressed: n/a -> n/a; paired test',
    );
    expect(
      renderCodeQuality(doc([], [finding({ outcome: 'improvement' }), finding({ outcome: 'inconclusive' })])),
    ).toEqual([]);
  });

  it('a failed or missing gate: its rule, severity by mode; none for a gate a regression already reports', () => {
    const issues = renderCodeQuality(
      doc(
        [
          gate(),
          gate({ metric: 'accuracy', min: 0.9, max: undefined, value: 0.5, mode: 'warn' }),
          gate({ metric: 'f1', status: 'missing', value: null, min: 0.5, max: 0.99, mode: 'info' }),
          gate({ metric: 'ok', status: 'pass' }),
          gate({ metric: 'skip', status: 'not evaluated' }),
        ],
        [finding({ metric: 'accuracy' })],
      ),
    );
    expect(issues.map((i) => [i.check_name, i.severity, i.description])).toEqual([
      [
        CHECKS.regression,
        'blocker',
        'accuracy of model digits-v2 (suite digits-eval) regressed: 0.92 -> 0.88; paired test',
      ],
      [
        CHECKS.gate,
        'major',
        'gate latency.p95_ms of model digits-v2 (suite digits-eval) failed: 12.5, needs <= 10',
      ],
      [
        CHECKS.gate,
        'info',
        'gate f1 of model digits-v2 (suite digits-eval) has no value: not measured, needs >= 0.5 and <= 0.99',
      ],
    ]);
    expect(renderCodeQuality(doc([gate({ mode: 'warn' })]))[0]?.severity).toBe('minor');
  });

  it('points at the config file for a model the suites do not list', () => {
    const r = doc([gate({ model: 'other' })]);
    expect(renderCodeQuality(r, { configPath: 'ci/autoglm.yml' })[0]?.location.path).toBe('ci/autoglm.yml');
    expect(renderCodeQuality(r)[0]?.location.path).toBe('autoglm.yml');
    expect(renderCodeQuality(doc([gate({ suite: 'other' })]))[0]?.location.path).toBe('autoglm.yml');
  });

  it('uncovered changed lines: one issue per range, a single line without an end', () => {
    const issues = renderCodeQuality(
      withPatch(doc([]), [
        { start: 3, end: 3 },
        { start: 7, end: 9 },
      ]),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        description: 'Changed line 3 not covered by any test',
        check_name: CHECKS.uncovered,
        severity: 'minor',
        location: { path: 'src/a.js', lines: { begin: 3 } },
      }),
      expect.objectContaining({
        description: 'Changed lines 7-9 not covered by any test',
        location: { path: 'src/a.js', lines: { begin: 7, end: 9 } },
      }),
    ]);
    // Without the source, the fingerprint follows the lines.
    const moved = renderCodeQuality(withPatch(doc([]), [{ start: 4, end: 4 }]));
    expect(moved[0]?.fingerprint).not.toBe(issues[0]?.fingerprint);
  });

  it('fingerprints by code: re-indenting keeps it, the same code twice stays distinct and stable', () => {
    const text = (indent: string) => () => `${indent}x();\n\n${indent}y();`;
    const a = renderCodeQuality(withPatch(doc([]), [{ start: 3, end: 5 }]), { lineText: text('  ') });
    const b = renderCodeQuality(withPatch(doc([]), [{ start: 30, end: 32 }]), { lineText: text('      ') });
    expect(b[0]?.fingerprint).toBe(a[0]?.fingerprint);
    const other = renderCodeQuality(withPatch(doc([]), [{ start: 3, end: 5 }]), {
      lineText: () => 'x();\nz();',
    });
    expect(other[0]?.fingerprint).not.toBe(a[0]?.fingerprint);
    const twice = renderCodeQuality(
      withPatch(doc([]), [
        { start: 3, end: 5 },
        { start: 13, end: 15 },
        { start: 23, end: 25 },
      ]),
      { lineText: text('') },
    );
    const prints = twice.map((i) => i.fingerprint);
    expect(prints[0]).toBe(a[0]?.fingerprint);
    expect(new Set(prints).size).toBe(3);
    const again = renderCodeQuality(
      withPatch(doc([]), [
        { start: 3, end: 5 },
        { start: 13, end: 15 },
        { start: 23, end: 25 },
      ]),
      { lineText: text('') },
    );
    expect(again.map((i) => i.fingerprint)).toEqual(prints);
    // The source unknown for one range: that range falls back to its line numbers.
    const unknown = renderCodeQuality(withPatch(doc([]), [{ start: 3, end: 5 }]), {
      lineText: () => undefined,
    });
    const noSource = renderCodeQuality(withPatch(doc([]), [{ start: 3, end: 5 }]));
    expect(unknown[0]?.fingerprint).toBe(noSource[0]?.fingerprint);
  });
});
