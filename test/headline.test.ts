import { describe, expect, it } from 'vitest';
import { verdictOf } from '../src/compare/gates.js';
import { renderComment } from '../src/report/comment.js';
import { escapeMarkdown } from '../src/report/escape.js';
import { headline } from '../src/report/headline.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { headlineText } from '../src/report/sections.js';
import { renderTerminal } from '../src/report/terminal.js';
import type { Finding } from '../src/results/comparison.js';
import type { GateOutcome, Results } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';

const finding = (over: Partial<Finding>): Finding => ({
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
  rule: 'max_drop 0.01',
  severity: 5,
  ...over,
});

/** A failed patch gate and two severity-5 regressions: branches (15% worse) and accuracy (4.3%). */
function doc(): Results {
  const patch: GateOutcome = {
    metric: 'coverage.patch',
    suite: 'coverage',
    model: 'all files',
    value: 40,
    min: 80,
    mode: 'block',
    status: 'fail',
  };
  const branches = finding({
    suite: 'coverage',
    model: 'all files',
    metric: 'coverage.branches',
    base: 82.3,
    current: 70,
    delta: -12.3,
    worsening: 12.3 / 82.3,
    method: 'threshold',
    rule: 'max_drop 1',
  });
  const info = finding({ metric: 'macro_f1', mode: 'info', rule: undefined, base: 0.9, current: 0.5 });
  const findings = [info, finding({}), branches];
  return {
    ...results([suite([model('digits-v2', { accuracy: 0.88 })])], [patch]),
    comparison: { notes: [], findings, outcome: 'regression' },
    verdict: verdictOf([patch], findings),
  };
}

const EXPECTED =
  'coverage.branches −12.3 pp (gate max_drop 1); accuracy of digits-v2 −4.0 pp (gate max_drop 1 pp); coverage.patch 40 (gate min 80)';

describe('the headline names what drove the verdict (issue 14, item 6)', () => {
  it('names the top findings (metric, model, change, gate), not only the verdict or a count', () => {
    const r = doc();
    expect(r.verdict).toBe('regression');
    expect(headline(r)).toBe(`❌ regression: ${EXPECTED}`);
    // The ungated macro-F1 drop (default threshold, info) is never named ahead of a gate.
    expect(headline(r)).not.toContain('macro_f1');
  });

  it('in the terminal Verdict line, the comment / MR note title, the job summary and the check run title', () => {
    const r = doc();
    expect(renderTerminal(r)).toContain(`\nVerdict: regression — ${EXPECTED}\n`);
    const title = `## Open-AutoGLM CI: ${escapeMarkdown(`❌ regression: ${EXPECTED}`)}`;
    for (const platform of ['github', 'gitlab'] as const)
      expect(renderComment(r, { platform }).split('\n')).toContain(title);
    expect(renderMarkdown(r).split('\n')).toContain(title);
    expect(headlineText(r)).toBe(`regression: ${EXPECTED}`);
  });

  it('more than three are counted, and a pass with nothing named says why it passed', () => {
    const r = doc();
    const many = [1, 2, 3].map((i) => finding({ model: `m${i}`, severity: 4 }));
    const more = {
      ...r,
      comparison: {
        ...(r.comparison as NonNullable<Results['comparison']>),
        findings: [...(r.comparison?.findings ?? []), ...many],
      },
    };
    expect(headline(more)).toMatch(/; and 3 more$/);
    const pass: Results = {
      ...results([]),
      comparison: {
        notes: [],
        findings: [],
        outcome: 'no change',
        baseline: {
          store: 'file',
          matched: 'file',
          location: 'b.json',
          createdAt: '2026-01-01T00:00:00Z',
          ageHours: 1,
        },
      },
    };
    expect(headline(pass)).toBe('✅ pass: no regressions against the baseline');
  });
});
