import { describe, expect, it } from 'vitest';
import { REPORT_MARKER, renderMarkdown } from '../src/report/markdown.js';
import { finding, model, results, suite } from './factories.js';

const unchanged = finding({ model: 'digits-v2', reason: 'paired test', mode: 'block', severity: 0 });

describe('the full markdown report', () => {
  it('starts with the marker and the title, default or configured', () => {
    const r = results([suite([model('digits-v2')])]);
    const md = renderMarkdown(r);
    expect(md.startsWith(`${REPORT_MARKER}\n\n## Open-AutoGLM CI`)).toBe(true);
    expect(renderMarkdown(r, { title: 'Nightly' }).startsWith(`${REPORT_MARKER}\n\n## Nightly`)).toBe(true);
  });

  it('folds only the sections meant to stay folded in the full report (unchanged metrics), not the model tables', () => {
    const r = results([suite([model('digits-v2')])]);
    r.comparison = { notes: [], findings: [unchanged], outcome: 'no change' };
    const md = renderMarkdown(r);
    expect(md).toContain('\n<details><summary>1 other metric without a notable change</summary>\n');
    expect(md).not.toContain('<summary>Models side by side');
    expect(md).toContain('\n### Suite `digits-eval`\n');
  });
});
