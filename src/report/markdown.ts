import type { Results } from '../results/schema.js';
import { renderSections, sectionMarkdown } from './sections.js';

/** Marks our sticky comment / MR note so later runs update it instead of adding another. */
export const REPORT_MARKER = '<!-- autoglm-report -->';

/**
 * The whole report as GitHub/GitLab-flavoured markdown, every section open except the long
 * neutral lists. Every untrusted string is escaped. The budgeted PR comment is comment.ts.
 */
export function renderMarkdown(results: Results, options: { title?: string } = {}): string {
  const ctx = { results, mode: 'full' as const, title: options.title ?? 'Open-AutoGLM CI' };
  const parts = renderSections(ctx).map((r) => sectionMarkdown(r.out, r.out.foldInFull === true));
  return `${[REPORT_MARKER, ...parts].join('\n\n')}\n`;
}
