import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareResults } from '../src/compare/compare.js';
import { coverageGateResults } from '../src/compare/coverage-gates.js';
import { unevaluatedRelativeGates } from '../src/compare/gate-status.js';
import { evaluateGates, verdictOf } from '../src/compare/gates.js';
import { CoverageConfigSchema, coverageGates } from '../src/config/coverage.js';
import { ConfigSchema } from '../src/config/schema.js';
import { sortFindings } from '../src/report/comparison.js';
import { gateSummary, headline } from '../src/report/headline.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { renderTerminal } from '../src/report/terminal.js';
import type { Finding } from '../src/results/comparison.js';
import type { CoverageResult } from '../src/results/coverage.js';
import type { Results } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';
import { ROOT } from './helpers.js';

const gates = (yaml: Record<string, unknown>) => ConfigSchema.parse({ gates: yaml }).gates;

function coverage(branches: number): CoverageResult {
  const c = (covered: number) => ({ covered, total: 100 });
  return {
    inputs: [],
    totals: { lines: c(80), statements: c(80), functions: c(90), branches: c(branches) },
    files: [],
    ignored: { count: 0, files: [] },
    notices: [],
  };
}

describe('gates that were not evaluated are said so (issue 14, item 5)', () => {
  it('a coverage max_drop gate against a baseline without a coverage section is listed with the reason', () => {
    const g = coverageGates(
      CoverageConfigSchema.parse({ files: ['x'], gates: { branches: { max_drop: 1 }, lines: { min: 50 } } }),
    );
    const r = coverageGateResults(coverage(70), undefined, g);
    expect(r.findings).toEqual([]);
    expect(r.outcomes).toEqual([
      expect.objectContaining({ metric: 'coverage.lines', status: 'pass', value: 80 }),
      expect.objectContaining({ metric: 'coverage.branches', status: 'not evaluated', rule: 'max_drop 1' }),
    ]);
    expect(r.outcomes[1]?.reason).toBe('the baseline has no coverage section');
    // Neutral: not a failure, not a pass.
    expect(verdictOf(r.outcomes, r.findings)).toBe('pass');
    const doc: Results = { ...results([]), gates: r.outcomes, verdict: 'pass' };
    expect(gateSummary(doc)).toBe(
      '1 gate passed, 1 not evaluated: coverage.branches max_drop 1 (the baseline has no coverage section)',
    );
    expect(renderTerminal(doc)).toContain(
      'NOT EVALUATED gate coverage.branches coverage/all files: the baseline has no coverage section (max_drop 1) [block]',
    );
    expect(renderMarkdown(doc)).toContain(
      'Gates: 1 gate passed, 1 not evaluated: coverage.branches max\\_drop 1 (the baseline has no coverage section).',
    );
  });

  it('an unscoped gate on a metric some models lack is "not applicable" to them: one line, no warning', () => {
    const models = [
      model('labelled', { accuracy: 0.9 }),
      ...['a', 'b', 'c', 'd', 'e', 'f'].map((n) => model(`unlabelled-${n}`)),
    ];
    const outcomes = evaluateGates([suite(models)], gates({ accuracy: { min: 0.8 } }));
    expect(outcomes.map((o) => o.status)).toEqual(['pass', 'not applicable']);
    expect(outcomes[1]?.models).toHaveLength(6);
    expect(verdictOf(outcomes)).toBe('pass');
    const text = renderTerminal({ ...results([suite(models)]), gates: outcomes, verdict: 'pass' });
    expect(text).not.toContain('MISSING');
    expect(text.match(/^N\/A gate accuracy/gm)).toHaveLength(1);
    expect(text).toContain(
      'unlabelled-a, unlabelled-b, unlabelled-c, unlabelled-d, unlabelled-e, unlabelled-f do not report accuracy',
    );
    expect(text).toContain('Gates: 1 gate passed\nVerdict: pass');
  });

  it('it warns only when no model in scope has the metric', () => {
    const outcomes = evaluateGates([suite([model('x'), model('y')])], gates({ accuracy: { min: 0.8 } }));
    expect(outcomes).toEqual([
      expect.objectContaining({
        status: 'missing',
        models: ['x', 'y'],
        reason: 'none of x, y reports accuracy',
      }),
    ]);
    expect(verdictOf(outcomes)).toBe('warning');
    // The headline names the reason of the warning.
    const doc: Results = {
      ...results([suite([model('x'), model('y')])]),
      gates: outcomes,
      verdict: 'warning',
    };
    expect(headline(doc)).toBe('⚠️ warning: accuracy of 2 models not measured (gate min 0.8)');
    expect(gateSummary(doc)).toBe('1 gate not measured');
  });

  it('a max_drop gate with no baseline is not evaluated, and a run that judged no gate says so', () => {
    const g = gates({ accuracy: { max_drop: 0.05 }, 'latency.p95_ms': { max_increase: '10%' } });
    const rows = unevaluatedRelativeGates(g, [], 'no baseline to compare with');
    expect(rows.map((r) => [r.metric, r.status, r.rule, r.reason])).toEqual([
      ['accuracy', 'not evaluated', 'max_drop 0.05', 'no baseline to compare with'],
      ['latency.p95_ms', 'not evaluated', 'max_increase 10%', 'no baseline to compare with'],
    ]);
    const doc: Results = { ...results([suite([model('m')])]), gates: rows, verdict: 'pass' };
    expect(gateSummary(doc)).toBe(
      'no gate was evaluated: 2 gates not evaluated: accuracy max_drop 0.05 (no baseline to compare with); latency.p95_ms max_increase 10% (no baseline to compare with)',
    );
    expect(gateSummary(results([suite([model('m')])]))).toBe('no gate was evaluated: none is configured');
  });

  it('a max_drop gate judged by the comparison is not listed as not evaluated', () => {
    const base = results([suite([model('m', { accuracy: 0.9 })])]);
    const cur = results([suite([model('m', { accuracy: 0.9 })])]);
    const g = gates({ accuracy: { max_drop: 0.05 }, cosine: { max_drop: 0.01 } });
    const c = compareResults(cur, base, { gates: g });
    const rows = unevaluatedRelativeGates(g, c.findings, undefined);
    expect(rows.map((r) => r.metric)).toEqual(['cosine']);
    expect(rows[0]?.reason).toBe('neither the baseline nor this run has cosine for the same model');
  });
});

describe('defaults that judge ungated metrics (issue 14, item 5)', () => {
  const f = (over: Partial<Finding>): Finding => ({
    suite: 's',
    model: 'm',
    metric: 'accuracy',
    base: 0.6,
    current: 0.4,
    delta: -0.2,
    worsening: 0.33,
    outcome: 'inconclusive',
    method: 'paired',
    reason: 'r',
    mode: 'block',
    rule: 'max_drop 0.05',
    severity: 2,
    ...over,
  });

  it('never outrank a gated finding in the order or the headline', () => {
    const info = f({ metric: 'macro_f1', outcome: 'regression', mode: 'info', severity: 3, rule: undefined });
    const gated = f({});
    expect(sortFindings([info, gated]).map((x) => x.metric)).toEqual(['accuracy', 'macro_f1']);
    const doc: Results = {
      ...results([]),
      comparison: { notes: [], findings: [info, gated], outcome: 'inconclusive' },
      verdict: 'pass',
    };
    expect(headline(doc)).toBe('✅ pass: accuracy of m −20.0 pp (gate max_drop 5 pp) inconclusive');
  });

  it('are documented in docs/config.md', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'config.md'), 'utf8');
    expect(doc).toContain('`macro_f1` 0.01');
    expect(doc).toContain('`latency.p95_ms` 5%');
  });
});
