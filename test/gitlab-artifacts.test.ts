import { describe, expect, it } from 'vitest';
import { DOTENV_MAX_BYTES, envName, renderDotenv } from '../src/report/dotenv.js';
import { renderEvalJunit } from '../src/report/junit-evals.js';
import { headlineMetrics, renderOpenMetrics } from '../src/report/openmetrics.js';
import type { Finding } from '../src/results/comparison.js';
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
  metric: 'accuracy',
  suite: 'digits-eval',
  model: 'digits-v2',
  value: 0.5,
  min: 0.9,
  mode: 'block',
  status: 'fail',
  ...over,
});

const doc = (gates: GateOutcome[], findings?: Finding[]): Results => ({
  ...results(
    [suite([model('digits-v2', { accuracy: 0.88 })]), suite([model('m')], { name: 'other' })],
    gates,
  ),
  ...(findings ? { comparison: { notes: [], findings, outcome: 'regression' as const } } : {}),
});

describe('JUnit report of the evals', () => {
  it('a suite per eval suite; blocking failures fail, warn and info pass with their text, unmeasured skip', () => {
    const xml = renderEvalJunit(
      doc(
        [
          gate(),
          gate({ metric: 'f1', mode: 'warn', min: undefined, max: 0.5, value: 0.75 }),
          gate({ metric: 'p95', status: 'pass', min: undefined, rule: 'max_increase 10%', value: 3 }),
          gate({ metric: 'mae', status: 'missing', value: null }),
          gate({ metric: 'cos', status: 'not evaluated', reason: 'no baseline' }),
          gate({ metric: 'x', status: 'not applicable', min: 0.1, max: 0.2 }),
        ],
        [
          finding(),
          finding({ metric: 'f1', mode: 'warn', base: null }),
          finding({ suite: 'other', model: 'm', outcome: 'no change', current: 0.92 }),
        ],
      ),
    );
    expect(xml.split('\n')).toEqual([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="autoglm" tests="9" failures="2" errors="0">',
      '  <testsuite name="digits-eval" tests="8" failures="2" errors="0" skipped="3" timestamp="2026-01-01T00:00:00.000Z">',
      '    <testcase name="digits-v2: accuracy &gt;= 0.9" classname="autoglm.digits-eval.gates" time="0">',
      '      <failure message="accuracy is 0.5, needs &gt;= 0.9" type="gate">accuracy is 0.5, needs &gt;= 0.9</failure>',
      '    </testcase>',
      '    <testcase name="digits-v2: f1 &lt;= 0.5" classname="autoglm.digits-eval.gates" time="0">',
      '      <system-out>f1 = 0.75 (fails &lt;= 0.5; mode warn)</system-out>',
      '    </testcase>',
      '    <testcase name="digits-v2: p95 max_increase 10%" classname="autoglm.digits-eval.gates" time="0">',
      '      <system-out>p95 = 3</system-out>',
      '    </testcase>',
      '    <testcase name="digits-v2: mae &gt;= 0.9" classname="autoglm.digits-eval.gates" time="0">',
      '      <skipped message="mae was not measured"/>',
      '    </testcase>',
      '    <testcase name="digits-v2: cos &gt;= 0.9" classname="autoglm.digits-eval.gates" time="0">',
      '      <skipped message="not evaluated: no baseline"/>',
      '    </testcase>',
      '    <testcase name="digits-v2: x &gt;= 0.1 and &lt;= 0.2" classname="autoglm.digits-eval.gates" time="0">',
      '      <skipped message="not applicable: "/>',
      '    </testcase>',
      '    <testcase name="digits-v2: accuracy vs baseline" classname="autoglm.digits-eval.baseline" time="0">',
      '      <failure message="0.92 -&gt; 0.88: regression (paired test)" type="regression">0.92 -&gt; 0.88: regression (paired test)</failure>',
      '    </testcase>',
      '    <testcase name="digits-v2: f1 vs baseline" classname="autoglm.digits-eval.baseline" time="0">',
      '      <system-out>n/a -&gt; 0.88: regression (paired test)</system-out>',
      '    </testcase>',
      '  </testsuite>',
      '  <testsuite name="other" tests="1" failures="0" errors="0" skipped="0" timestamp="2026-01-01T00:00:00.000Z">',
      '    <testcase name="m: accuracy vs baseline" classname="autoglm.other.baseline" time="0">',
      '      <system-out>0.92 -&gt; 0.92: no change (paired test)</system-out>',
      '    </testcase>',
      '  </testsuite>',
      '</testsuites>',
      '',
    ]);
    expect(renderEvalJunit(doc([]))).toContain(
      '<testsuites name="autoglm" tests="0" failures="0" errors="0">',
    );
  });
});

describe('dotenv report', () => {
  it('verdict, counts, extra values, baseline, coverage and headline metrics; values made single tokens', () => {
    const r: Results = {
      ...doc([gate(), gate({ status: 'pass' })], [finding(), finding({ outcome: 'improvement' })]),
    };
    r.comparison = {
      ...(r.comparison as NonNullable<Results['comparison']>),
      baseline: { store: 'file', matched: 'file', location: 'b', createdAt: 't', ageHours: 1, sha: 'abc123' },
    };
    const text = renderDotenv(r, { 'report url': 'https://x/a b"c' });
    expect(text.split('\n')).toEqual([
      'AUTOGLM_VERDICT=regression',
      'AUTOGLM_REGRESSIONS=1',
      'AUTOGLM_GATES_FAILED=1',
      'AUTOGLM_REPORT_URL=https://x/a_b_c',
      'AUTOGLM_BASELINE_SHA=abc123',
      'AUTOGLM_DIGITS_V2_ACCURACY=0.88',
      'AUTOGLM_DIGITS_V2_LATENCY_P95_MS=4',
      'AUTOGLM_M_LATENCY_P95_MS=4',
      '',
    ]);
    expect(renderDotenv(doc([])).split('\n').slice(0, 3)).toEqual([
      'AUTOGLM_VERDICT=pass',
      'AUTOGLM_REGRESSIONS=0',
      'AUTOGLM_GATES_FAILED=0',
    ]);
  });

  it('names reduced to [A-Z0-9_]; the first value of a name wins; at most 20 variables and 5 KiB', () => {
    expect(envName('__my model/v2__', 'p95')).toBe('AUTOGLM_MY_MODEL_V2_P95');
    const dup = renderDotenv(doc([]), { verdict: 'mine' });
    expect(dup).toContain('AUTOGLM_VERDICT=pass\n');
    expect(dup).not.toContain('mine');
    const many = results([suite(Array.from({ length: 30 }, (_, i) => model(`m${i}`, { accuracy: 0.5 })))]);
    const lines = renderDotenv(many).trimEnd().split('\n');
    expect(lines).toHaveLength(20);
    expect(lines.at(-1)).toBe('AUTOGLM_M8_ACCURACY=0.5');
    const big = renderDotenv(
      doc([]),
      Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`k${i}`, 'x'.repeat(1000)])),
    );
    expect(Buffer.byteLength(big)).toBeLessThanOrEqual(DOTENV_MAX_BYTES);
    expect(big).toContain('AUTOGLM_K3=');
    expect(big).not.toContain('AUTOGLM_K4=');
    // Exactly at the size limit still fits.
    const exact = renderDotenv(results([]), { k: 'x'.repeat(DOTENV_MAX_BYTES - 66 - 11) });
    expect(Buffer.byteLength(exact)).toBe(DOTENV_MAX_BYTES);
    expect(renderDotenv(results([]), { k: 'x'.repeat(DOTENV_MAX_BYTES - 66 - 10) })).not.toContain(
      'AUTOGLM_K=',
    );
  });
});

describe('OpenMetrics report', () => {
  it('one gauge family per metric with suite and model labels, escaped; regressions and failed gates', () => {
    const r = results(
      [suite([model('a"b\\c\nd', { accuracy: 0.9 }), model('e', { accuracy: 0.8 })])],
      [gate()],
    );
    const text = renderOpenMetrics({
      ...r,
      comparison: { notes: [], findings: [finding(), finding({ outcome: 'noise' })], outcome: 'regression' },
    });
    expect(text.split('\n')).toEqual([
      '# TYPE autoglm_accuracy gauge',
      'autoglm_accuracy{suite="digits-eval",model="a\\"b\\\\c\\nd"} 0.9',
      'autoglm_accuracy{suite="digits-eval",model="e"} 0.8',
      '# TYPE autoglm_latency_p95_ms gauge',
      'autoglm_latency_p95_ms{suite="digits-eval",model="a\\"b\\\\c\\nd"} 4',
      'autoglm_latency_p95_ms{suite="digits-eval",model="e"} 4',
      '# TYPE autoglm_throughput gauge',
      'autoglm_throughput{suite="digits-eval",model="a\\"b\\\\c\\nd"} 500',
      'autoglm_throughput{suite="digits-eval",model="e"} 500',
      '# TYPE autoglm_size_bytes gauge',
      'autoglm_size_bytes{suite="digits-eval",model="a\\"b\\\\c\\nd"} 40960',
      'autoglm_size_bytes{suite="digits-eval",model="e"} 40960',
      '# TYPE autoglm_regressions gauge',
      'autoglm_regressions 1',
      '# TYPE autoglm_gates_failed gauge',
      'autoglm_gates_failed 1',
      '# EOF',
      '',
    ]);
    expect(renderOpenMetrics(results([]))).toBe(
      '# TYPE autoglm_regressions gauge\nautoglm_regressions 0\n# TYPE autoglm_gates_failed gauge\nautoglm_gates_failed 0\n# EOF\n',
    );
  });

  it('headline metrics: only finite numbers, in a fixed order', () => {
    const m = model('a', {
      accuracy: 0.9,
      macroF1: 0.8,
      mae: 0.1,
      rmse: 0.2,
      cosine: Number.NaN,
      sizeBytes: undefined,
    }).metrics;
    expect(headlineMetrics(m).map(([k]) => k)).toEqual([
      'accuracy',
      'macro_f1',
      'mae',
      'rmse',
      'latency_p95_ms',
      'throughput',
    ]);
  });
});

describe('GitLab artifacts: the cases the producers rarely make', () => {
  it('JUnit: a gate with no limits and no rule names the metric alone; an unmeasured failing value says so', () => {
    const xml = renderEvalJunit(
      doc([gate({ min: undefined, status: 'pass', value: 1 }), gate({ value: null })]),
    ).split('\n');
    expect(xml).toContain(
      '    <testcase name="digits-v2: accuracy " classname="autoglm.digits-eval.gates" time="0">',
    );
    expect(xml).toContain(
      '      <failure message="accuracy is not measured, needs &gt;= 0.9" type="gate">accuracy is not measured, needs &gt;= 0.9</failure>',
    );
  });

  it('OpenMetrics: cosine is a headline metric; regressions and failed gates count only those', () => {
    const r = results([suite([model('e', { cosine: 0.75 })])], [gate(), gate({ status: 'pass' }), gate()]);
    const text = renderOpenMetrics({
      ...r,
      comparison: {
        notes: [],
        findings: [finding(), finding({ outcome: 'noise' }), finding()],
        outcome: 'regression',
      },
    }).split('\n');
    expect(text).toContain('autoglm_cosine{suite="digits-eval",model="e"} 0.75');
    expect(text).toContain('autoglm_regressions 2');
    expect(text).toContain('autoglm_gates_failed 2');
    expect(headlineMetrics(model('e', { cosine: 0.75 }).metrics)).toContainEqual(['cosine', 0.75]);
  });
});

describe('dotenv: what later jobs read', () => {
  it('every gated quality metric is exported; runs of unsafe characters become one underscore', () => {
    const m = model('q', { accuracy: undefined, macroF1: 0.5, mae: 0.25, rmse: 0.75, cosine: 0.125 });
    const text = renderDotenv(results([suite([m])]), { note: 'a  b\t\t"c"' });
    expect(text).toContain('\nAUTOGLM_NOTE=a_b_c_\n');
    expect(text).toContain(
      '\nAUTOGLM_Q_MACRO_F1=0.5\nAUTOGLM_Q_MAE=0.25\nAUTOGLM_Q_RMSE=0.75\nAUTOGLM_Q_COSINE=0.125\nAUTOGLM_Q_LATENCY_P95_MS=4\n',
    );
  });

  it('regressions count only regressions; no patch variable without patch coverage', () => {
    const r = doc([], [finding(), finding({ outcome: 'improvement' }), finding()]);
    const c = (covered: number, total: number) => ({ covered, total });
    const totals = { lines: c(3, 4), statements: c(3, 4), functions: c(1, 1), branches: c(1, 2) };
    r.coverage = { inputs: [], totals, files: [], ignored: { count: 0, files: [] }, notices: [] };
    const text = renderDotenv(r);
    expect(text).toContain('\nAUTOGLM_REGRESSIONS=2\n');
    expect(text).toContain('\nAUTOGLM_COVERAGE_LINES=75\n');
    expect(text).not.toContain('PATCH');
  });
});
