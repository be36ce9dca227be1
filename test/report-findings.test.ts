import { describe, expect, it } from 'vitest';
import {
  baselineLine,
  changeText,
  comparisonLines,
  confidenceText,
  effectLabel,
  findingRow,
  reasonLines,
  severityText,
  sortFindings,
} from '../src/report/comparison.js';
import type { BaselineInfo, Comparison, Finding } from '../src/results/comparison.js';
import { REPLAYED_TIMING_REASON } from '../src/results/llm.js';

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

const baseline = (over: Partial<BaselineInfo> = {}): BaselineInfo => ({
  store: 'cache',
  matched: 'merge-base',
  location: 'autoglm-baseline-abc',
  createdAt: '2026-01-01T00:00:00Z',
  ageHours: 2,
  ...over,
});

describe('finding wording', () => {
  it('change: a dash without both values, ±0 for equal ones, signed difference without a direction', () => {
    expect(changeText(finding({ base: null }))).toBe('–');
    expect(changeText(finding({ current: null }))).toBe('–');
    expect(changeText(finding({ base: 1, current: 1, delta: 0.0001 }))).toBe('±0');
    expect(changeText(finding({ base: 1, current: 1.5, delta: 0 }))).toBe('±0');
    expect(changeText(finding({ base: 2, current: 1.5, delta: -0.5, worsening: null }))).toBe('−0.5');
    expect(changeText(finding({ worsening: 0.0004 }))).toBe('±0.0%');
    expect(changeText(finding({ worsening: -0.0004 }))).toBe('±0.0%');
    expect(changeText(finding({ worsening: 0.0005 }))).toBe('0.1% worse');
  });

  it('effect: accepted, worse/better at info, the gate mode otherwise, inconclusive beyond the gate', () => {
    expect(effectLabel(finding({ accepted: true, mode: 'warn' }))).toBe('accepted (warn)');
    expect(effectLabel(finding({ mode: 'info' }))).toBe('worse (info)');
    expect(effectLabel(finding({ mode: 'warn' }))).toBe('regression (warn)');
    expect(effectLabel(finding({ outcome: 'improvement', mode: 'info' }))).toBe('better (info)');
    expect(effectLabel(finding({ outcome: 'improvement', mode: 'block' }))).toBe('improvement (block)');
    expect(effectLabel(finding({ outcome: 'inconclusive', severity: 2 }))).toBe(
      'inconclusive beyond the gate',
    );
    expect(effectLabel(finding({ outcome: 'inconclusive', severity: 1 }))).toBe('inconclusive');
    expect(effectLabel(finding({ outcome: 'regression', severity: 2 }))).toBe('regression (block)');
    expect(severityText(finding({ outcome: 'inconclusive', severity: 2 }))).toBe(
      'severity 2: inconclusive beyond the gate',
    );
    expect(severityText(finding({ severity: 2 }))).toBe('severity 2');
  });

  it('confidence: p-value and interval when given, a dash otherwise', () => {
    expect(confidenceText(finding())).toBe('–');
    expect(confidenceText(finding({ pValue: 0.0123 }))).toBe('p = 0.012');
    expect(
      confidenceText(finding({ pValue: 0.5, interval: { lower: -0.01234, upper: 0.5, confidence: 0.95 } })),
    ).toBe('p = 0.5, 95% CI [-0.0123, 0.5]');
  });
});

describe('baseline line', () => {
  it('names the merge-base ref and relation, commit, branch, run, store and location', () => {
    const b = baseline({
      ref: 'origin/main',
      refRelation: 'local main is 3 commits ahead',
      sha: '0123456789abcdef0123',
      branch: 'main',
      runId: '42',
    });
    expect(baselineLine({ notes: [], findings: [], outcome: 'no change', baseline: b })).toBe(
      'Compared with the merge-base with `origin/main` (local main is 3 commits ahead): commit `0123456789ab`, branch `main`, run `42`, 2.0 h old (cache store, `autoglm-baseline-abc`).',
    );
    expect(comparisonLines({ notes: [], findings: [], outcome: 'no change', baseline: b })).toEqual([
      'Baseline: 0123456789ab (run of the merge-base with origin/main; local main is 3 commits ahead; cache store, 2.0 h old)',
    ]);
  });

  it('ages in minutes, hours or days; the other ways a baseline is chosen', () => {
    const line = (b: BaselineInfo) =>
      baselineLine({ notes: [], findings: [], outcome: 'no change', baseline: b });
    expect(line(baseline({ ageHours: 0.5 }))).toBe(
      "Compared with the PR's merge-base: 30 min old (cache store, `autoglm-baseline-abc`).",
    );
    expect(line(baseline({ ageHours: 1, matched: 'base-branch' }))).toBe(
      'Compared with the latest run of the base branch: 1.0 h old (cache store, `autoglm-baseline-abc`).',
    );
    expect(line(baseline({ ageHours: 47.9, matched: 'file' }))).toContain('a fixed file: 47.9 h old');
    expect(line(baseline({ ageHours: 48 }))).toContain(': 2 days old');
    expect(line(baseline({ ref: 'origin/dev' }))).toContain('the merge-base with `origin/dev`: 2.0 h old');
    expect(baselineLine({ notes: [], findings: [], outcome: 'no change' })).toBe(
      'No baseline to compare with.',
    );
    const terminal = (b: BaselineInfo) =>
      comparisonLines({ notes: [], findings: [], outcome: 'no change', baseline: b })[0];
    expect(terminal(baseline({ matched: 'file', location: 'b.json' }))).toBe(
      'Baseline: b.json (cache store, 2.0 h old)',
    );
    expect(terminal(baseline({ matched: 'base-branch' }))).toBe(
      "Baseline: autoglm-baseline-abc (base branch's latest run, cache store, 2.0 h old)",
    );
    expect(terminal(baseline({ ref: 'origin/main' }))).toBe(
      'Baseline: autoglm-baseline-abc (run of the merge-base with origin/main; cache store, 2.0 h old)',
    );
  });
});

describe('findings table and terminal lines', () => {
  it('sorts gated before info, then by outcome, unaccepted first, block before warn, severity', () => {
    const list = [
      finding({ metric: 'info', mode: 'info' }),
      finding({ metric: 'better', outcome: 'improvement' }),
      finding({ metric: 'accepted', accepted: true }),
      finding({ metric: 'warn', mode: 'warn' }),
      finding({ metric: 'sev3', severity: 3 }),
      finding({ metric: 'sev5' }),
      finding({ metric: 'same', outcome: 'no change' }),
      finding({ metric: 'open', outcome: 'inconclusive' }),
      finding({ metric: 'nc', outcome: 'not compared' }),
      finding({ metric: 'noise', outcome: 'noise' }),
      finding({ metric: 'new', outcome: 'new' }),
      finding({ metric: 'gone', outcome: 'removed' }),
    ];
    expect(sortFindings(list).map((f) => f.metric)).toEqual([
      'sev5',
      'sev3',
      'warn',
      'accepted',
      'better',
      'open',
      'nc',
      'noise',
      'same',
      'new',
      'gone',
      'info',
    ]);
  });

  it('a row: mark, effect, values (times in ms), change, confidence and method, the gate and its lowering', () => {
    expect(findingRow(finding({ rule: 'max_drop 1%', pValue: 0.01 }))).toBe(
      '| ❌ regression (block) | `accuracy` | `digits-v2` | 0.92 | 0.88 | 4.3% worse | p = 0.01 (paired) | max\\_drop 1%, block |',
    );
    expect(
      findingRow(
        finding({
          metric: 'latency.p95_ms',
          base: 2,
          current: 150,
          method: 'interleaved',
          mode: 'warn',
          downgraded: 'different machines',
          accepted: true,
        }),
      ),
    ).toBe(
      '| ☑️ accepted (warn) | `latency.p95_ms` | `digits-v2` | 2.00 ms | 150 ms | 4.3% worse | interleaved | warn (lowered) |',
    );
    expect(findingRow(finding({ method: 'none', base: null, outcome: 'new', pValue: 0.2 }))).toBe(
      '| 🆕 new | `accuracy` | `digits-v2` | – | 0.88 | – | – | block |',
    );
    expect(
      findingRow(finding({ interval: { lower: 0.1, upper: 0.2, confidence: 0.9 }, method: 'noise-band' })),
    ).toContain('| 90% CI [0.1, 0.2] (noise-band) |');
  });

  it('reasons: the lowered gate, flipped samples listed twenty at a time', () => {
    const ids = Array.from({ length: 22 }, (_, i) => `s${i}`);
    const lines = reasonLines([
      finding({
        reason: 'worse on 22 samples',
        downgraded: 'other machine',
        flips: { passToFail: ids, failToPass: ['t'] },
      }),
      finding({ metric: 'f1', reason: 'ok', flips: { passToFail: [], failToPass: [] } }),
    ]);
    expect(lines).toEqual([
      '- `digits-v2` `accuracy`: worse on 22 samples Gate lowered to warn: other machine.',
      `  - pass → fail (22): ${ids
        .slice(0, 20)
        .map((i) => `\`${i}\``)
        .join(', ')} and 2 more`,
      '  - fail → pass (1): `t`',
      '- `digits-v2` `f1`: ok',
    ]);
    const twenty = reasonLines([finding({ flips: { passToFail: ids.slice(0, 20), failToPass: [] } })]);
    expect(twenty[1]?.endsWith('`s19`')).toBe(true);
    expect(twenty).toHaveLength(2);
  });

  it('terminal: notes, notable findings worded by effect, counts of the neutral ones, the outcome', () => {
    const c: Comparison = {
      notes: ['shallow clone'],
      outcome: 'regression',
      findings: [
        finding({ reason: 'paired test' }),
        finding({ metric: 'f1', outcome: 'inconclusive', severity: 2, mode: 'warn', reason: 'few samples' }),
        finding({ metric: 'x', outcome: 'inconclusive', mode: 'info' }),
        finding({ metric: 't1', outcome: 'not compared' }),
        finding({ metric: 't2', outcome: 'not compared' }),
        finding({ metric: 't3', outcome: 'not compared', reason: REPLAYED_TIMING_REASON }),
        finding({ metric: 'n1', outcome: 'noise' }),
      ],
    };
    expect(comparisonLines(c)).toEqual([
      'Baseline: none',
      '  note: shallow clone',
      '  regression (block): digits-v2 accuracy 4.3% worse [paired, severity 5]: paired test',
      '  inconclusive beyond the gate: digits-v2 f1 4.3% worse [paired, severity 2: inconclusive beyond the gate]: few samples',
      '  not compared: 2 stored timings from another machine; see the report',
      '  not compared: 1 LLM timing replayed from cassettes in both runs (recorded, not measured)',
      "  noise: 1 timing difference of unchanged model files (the runner's)",
      '  Against the baseline: regression',
    ]);
    const few: Comparison = {
      notes: [],
      outcome: 'no change',
      findings: [
        finding({ metric: 't1', outcome: 'not compared' }),
        finding({ metric: 't3', outcome: 'not compared', reason: REPLAYED_TIMING_REASON }),
        finding({ metric: 't4', outcome: 'not compared', reason: REPLAYED_TIMING_REASON }),
        finding({ metric: 'n1', outcome: 'noise' }),
        finding({ metric: 'n2', outcome: 'noise' }),
      ],
    };
    expect(comparisonLines(few).slice(1)).toEqual([
      '  not compared: 1 stored timing from another machine; see the report',
      '  not compared: 2 LLM timings replayed from cassettes in both runs (recorded, not measured)',
      "  noise: 2 timing differences of unchanged model files (the runner's)",
      '  Against the baseline: no change',
    ]);
    expect(comparisonLines({ notes: [], outcome: 'no change', findings: [] })).toEqual(['Baseline: none']);
  });
});
