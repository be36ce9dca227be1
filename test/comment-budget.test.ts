import { describe, expect, it } from 'vitest';
import { renderComment } from '../src/report/comment.js';
import { REPORT_MARKER, renderMarkdown } from '../src/report/markdown.js';
import type { Results } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';

/** One suite (priority 2) and the gates table (priority 8): two sections the budget can cut. */
const doc = (): Results =>
  results(
    [suite([model('a'), model('b')])],
    [
      {
        metric: 'accuracy',
        suite: 'digits-eval',
        model: 'a',
        value: 0.95,
        min: 0.9,
        mode: 'block',
        status: 'pass',
      },
    ],
  );

describe('the budgeted comment', () => {
  it('marker and sticky line first, sections folded, the link to the full report last', () => {
    const body = renderComment(doc(), { platform: 'github', marker: '<!-- sticky -->', title: 'Evals' });
    const lines = body.split('\n');
    expect(lines.slice(0, 4)).toEqual([REPORT_MARKER, '<!-- sticky -->', '', '## Evals: ✅ pass']);
    expect(body).toContain('<details><summary>Gates: 1 of 1 pass</summary>');
    expect(body.endsWith('\n\n<sub>See the full report in the job summary.</sub>')).toBe(true);
    expect(renderComment(doc(), { platform: 'gitlab' }).split('\n')[1]).toBe('');
    expect(renderComment(doc(), { platform: 'gitlab' })).toContain('## Open-AutoGLM CI: ✅ pass');
  });

  it('the full report link is made safe for markdown: a ) cannot end it early', () => {
    const body = renderComment(doc(), { platform: 'gitlab', fullReportUrl: 'https://x/a (b)<c>)\n' });
    expect(body.endsWith('<sub>See [the full report](https://x/a%20%28b%29%3Cc%3E%29%0A).</sub>')).toBe(true);
  });

  it('cuts the lowest priority section first, to one line, only as far as needed', () => {
    const all = renderComment(doc(), { platform: 'github' });
    const gatesCut =
      '<sub>Gates: 1 of 1 pass: left out to fit the comment; see the full report in the job summary.</sub>';
    const suitesCut =
      '<sub>Models side by side: 2 models in 1 suite: left out to fit the comment; see the full report in the job summary.</sub>';
    // Exactly at the limit nothing is cut.
    expect(renderComment(doc(), { platform: 'github', limit: all.length })).toBe(all);
    const one = renderComment(doc(), { platform: 'github', limit: all.length - 1 });
    expect(one).toContain(gatesCut);
    expect(one).not.toContain(suitesCut);
    expect(one).toContain('<details><summary>Models side by side');
    const both = renderComment(doc(), { platform: 'github', limit: one.length - 1 });
    expect(both).toContain(gatesCut);
    expect(both).toContain(suitesCut);
    // The header and footer (priority 0) are never replaced by a line.
    expect(both).toContain('## Open-AutoGLM CI: ✅ pass');
    expect(both).toContain('<sub>open-autoglm-ci 0.1.0');
  });

  it('between sections of one priority, the later one is cut first', () => {
    const r: Results = {
      ...doc(),
      plan: {
        full: true,
        reason: 'schedule',
        suites: [{ name: 'digits-eval', run: true, reason: 'schedule' }],
      },
      cost: { currency: 'USD', runnerPerHour: 0.5, stages: [], models: [], total: 0.01 },
    };
    const all = renderComment(r, { platform: 'github' });
    const gatesOut = renderComment(r, { platform: 'github', limit: all.length - 1 });
    const next = renderComment(r, { platform: 'github', limit: gatesOut.length - 1 });
    expect(next).toContain('<sub>Cost of this run: left out to fit the comment;');
    expect(next).toContain('<details><summary>Run plan: suites run and skipped</summary>');
  });

  it('still too long with every section cut: truncated at a line boundary, saying where the rest is', () => {
    const body = renderComment(doc(), { platform: 'github', limit: 300 });
    expect(body.length).toBeLessThanOrEqual(300);
    expect(body.startsWith(`${REPORT_MARKER}\n\n## Open-AutoGLM CI: ✅ pass`)).toBe(true);
    expect(body).toContain(
      "> Truncated to fit the platform's 300-character limit; see the full report in the job summary.",
    );
  });

  it('the full report folds only the long neutral lists', () => {
    const md = renderMarkdown(doc(), { title: 'Evals' });
    expect(md.startsWith(`${REPORT_MARKER}\n\n## Evals: ✅ pass`)).toBe(true);
    expect(md).not.toContain('<details><summary>Models side by side');
    expect(md).toContain('\n\n### Gates\n');
    expect(md.endsWith('</sub>\n')).toBe(true);
  });
});
