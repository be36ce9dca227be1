import { describe, expect, it } from 'vitest';
import { deltaText, gateSummary, headline, topFindings } from '../src/report/headline.js';
import type { Finding } from '../src/results/comparison.js';
import type { GateOutcome, Results } from '../src/results/schema.js';
import { results } from './factories.js';

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
  reason: 'r',
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

const doc = (
  gates: GateOutcome[],
  findings?: Finding[],
  verdict: Results['verdict'] = 'regression',
): Results => ({
  ...results([], gates),
  ...(findings ? { comparison: { notes: [], findings, outcome: 'no change' as const } } : {}),
  verdict,
});

describe('headline wording', () => {
  it('changes: points for rates and coverage, percent for the rest, the value when the base is 0', () => {
    expect(deltaText(finding({ base: null }))).toBe('not measured');
    expect(deltaText(finding({ current: null }))).toBe('not measured');
    expect(deltaText(finding())).toBe('−4.0 pp');
    expect(deltaText(finding({ metric: 'pass_rate', base: 0.5, current: 0.75 }))).toBe('+25.0 pp');
    expect(deltaText(finding({ metric: 'branches', suite: 'coverage', base: 80, current: 82.4 }))).toBe(
      '+2.4 pp',
    );
    expect(deltaText(finding({ metric: 'coverage.lines', suite: 's', base: 80, current: 79 }))).toBe(
      '−1.0 pp',
    );
    expect(deltaText(finding({ metric: 'latency.mean_ms', base: 0, current: 2.5 }))).toBe('+2.5');
    expect(deltaText(finding({ metric: 'latency.mean_ms', base: 0, current: -2.5 }))).toBe('−2.5');
    expect(deltaText(finding({ metric: 'latency.mean_ms', base: 2, current: 2.5 }))).toBe('+25.0%');
    expect(deltaText(finding({ metric: 'latency.mean_ms', base: -2, current: -1 }))).toBe('+50.0%');
    expect(deltaText(finding({ metric: 'latency.mean_ms', base: 2, current: 2 }))).toBe('+0.0%');
  });

  it('names failed gates and regressions worst first: block, severity, size of the change; then open findings', () => {
    const named = topFindings(
      doc(
        [
          gate(),
          gate({ metric: 'f1', status: 'missing', value: null, min: undefined, max: 3, mode: 'warn' }),
          gate({
            metric: 'lines',
            suite: 'coverage',
            model: 'all files',
            min: 80,
            max: 99,
            value: 70,
            mode: 'warn',
          }),
          gate({ metric: 'x', mode: 'info' }),
          gate({ metric: 'acc', accepted: true }),
          gate({ metric: 'gone', status: 'missing', mode: 'info' }),
          gate({ metric: 'ok', status: 'pass' }),
        ],
        [
          finding({ rule: 'max_drop 0.015', mode: 'warn', severity: 3 }),
          finding({
            metric: 'macro_f1',
            rule: 'max_drop 0.01',
            outcome: 'inconclusive',
            severity: 2,
            moreSamples: 120,
          }),
          finding({
            metric: 'throughput',
            rule: 'max_drop 5%',
            outcome: 'inconclusive',
            severity: 2,
            mode: 'warn',
          }),
          finding({ metric: 'open', outcome: 'inconclusive', severity: 1 }),
          finding({ metric: 'c', worsening: 0.1 }),
          finding({ metric: 'b', worsening: 0.5 }),
          finding({ metric: 'info', mode: 'info' }),
          finding({ metric: 'waived', accepted: true }),
          finding({ metric: 'up', outcome: 'improvement' }),
        ],
      ),
    );
    expect(named).toEqual([
      'b of digits-v2 −4.3%',
      'c of digits-v2 −4.3%',
      'accuracy of digits-v2 0.5 (gate min 0.9)',
      'coverage.lines 70 (gate min 80, max 99, warn)',
      'accuracy of digits-v2 −4.0 pp (gate max_drop 1.5 pp, warn)',
      'f1 of digits-v2 not measured (gate max 3, warn)',
      'macro_f1 of digits-v2 −4.0 pp (gate max_drop 1 pp) inconclusive, about 120 more samples would decide it',
      'throughput of digits-v2 −4.3% (gate max_drop 5%, warn) inconclusive',
    ]);
    // An open warn finding never goes before an open block one.
    const open = topFindings(
      doc(
        [],
        [
          finding({ metric: 'w', outcome: 'inconclusive', severity: 2, mode: 'warn', rule: 'max_drop 1%' }),
          finding({ metric: 'k', outcome: 'inconclusive', severity: 2 }),
        ],
      ),
    );
    expect(open).toEqual([
      'k of digits-v2 −4.3% inconclusive',
      'w of digits-v2 −4.3% (gate max_drop 1%, warn) inconclusive',
    ]);
    // A rule that is not a drop or an increase, or on a metric that is not a rate, is shown as written.
    expect(topFindings(doc([], [finding({ rule: 'max_drop 0.01', metric: 'throughput' })]))).toEqual([
      'throughput of digits-v2 −4.3% (gate max_drop 0.01)',
    ]);
    expect(topFindings(doc([], [finding({ rule: 'max_increase 0.2' })]))).toEqual([
      'accuracy of digits-v2 −4.0 pp (gate max_increase 20 pp)',
    ]);
    expect(topFindings(doc([], [finding({ rule: 'min 0.9' })]))).toEqual([
      'accuracy of digits-v2 −4.0 pp (gate min 0.9)',
    ]);
    // A failed or missing relative gate has no min or max: its rule as written (it read "(gate )").
    expect(
      topFindings(doc([gate({ min: undefined, rule: 'max_drop 0.02', status: 'missing', value: null })])),
    ).toEqual(['accuracy of digits-v2 not measured (gate max_drop 0.02)']);
  });

  it('gate summary: counts by state, the worst state of each gate, not-evaluated gates named with why', () => {
    expect(gateSummary(doc([]))).toBe('no gate was evaluated: none is configured');
    expect(
      gateSummary(
        doc([
          gate({ status: 'not evaluated', reason: 'no baseline' }),
          gate({ metric: 'b', status: 'not evaluated' }),
          gate({ metric: 'c', status: 'not evaluated' }),
          gate({ metric: 'd', status: 'not evaluated' }),
          gate({ metric: 'e', status: 'not applicable' }),
        ]),
      ),
    ).toBe(
      'no gate was evaluated: 4 gates not evaluated: accuracy min 0.9 (no baseline); b min 0.9; c min 0.9; and 1 more',
    );
    expect(gateSummary(doc([gate({ status: 'not evaluated', reason: 'no diff' })]))).toBe(
      'no gate was evaluated: 1 gate not evaluated: accuracy min 0.9 (no diff)',
    );
    expect(
      gateSummary(
        doc(
          [
            gate({ status: 'pass' }),
            gate({ status: 'fail', metric: 'f' }),
            gate({ status: 'missing', metric: 'm', reason: 'no model reports it' }),
            gate({ metric: 'n', status: 'not evaluated', reason: 'no diff' }),
            gate({ metric: 'r', rule: 'max_drop 0.01', min: undefined, status: 'pass' }),
            gate({ metric: 'w', status: 'fail', accepted: true }),
          ],
          [
            finding({ rule: 'max_drop 0.01', metric: 'r' }),
            finding({ rule: 'max_drop 1', metric: 'q', outcome: 'inconclusive' }),
            finding({ rule: 'max_drop 1', metric: 'z', outcome: 'improvement' }),
            finding({ rule: 'max_drop 1', metric: 'y', mode: 'info' }),
            finding({ rule: 'max_drop 1', metric: 'v', accepted: true }),
            finding({ metric: 'nr' }),
          ],
        ),
      ),
    ).toBe('5 gates passed, 2 failed, 1 inconclusive, 1 not measured, 1 not evaluated: n min 0.9 (no diff)');
    expect(gateSummary(doc([gate({ status: 'fail' }), gate({ metric: 'b', status: 'fail' })]))).toBe(
      '2 gates failed',
    );
    expect(gateSummary(doc([gate({ status: 'pass', min: undefined, max: 5 })]))).toBe('1 gate passed');
  });

  it('without anything named: the baseline state and the gated improvements', () => {
    expect(headline(doc([], [], 'pass'))).toBe('✅ pass: no baseline to compare with');
    expect(
      headline(
        doc(
          [],
          [finding({ outcome: 'improvement' }), finding({ outcome: 'improvement', mode: 'info' })],
          'pass',
        ),
      ),
    ).toBe('✅ pass: no baseline to compare with, 1 improvement');
    expect(headline(doc([], undefined, 'warning'))).toBe('⚠️ warning');
    expect(headline(doc([], [], 'pass'))).not.toContain('improvement');
  });
});
