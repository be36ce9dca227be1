/**
 * The budgeted PR comment / MR note, platform-neutral and pure:
 *
 *   renderComment(results, { limit, platform, fullReportUrl?, title?, marker? }): string
 *
 * - `limit`: characters the body may use (GitHub comment 65,536; we default to 65,000).
 * - `platform`: 'github' | 'gitlab' (GitLab: lines of untrusted text never start a quick action,
 *   escapeMarkdown already handles that; the platform only changes link wording).
 * - `fullReportUrl`: where the full report lives (job summary, artifact); linked at the bottom
 *   and from every section the budget cut.
 * - `marker`: extra hidden line(s) after REPORT_MARKER (the sticky key).
 *
 * The verdict, failed gates, regressions and waivers always fit; the rest is folded into
 * `<details>` and, when the budget is tight, replaced by one line each, lowest priority first.
 */
import type { Results } from '../results/schema.js';
import { fitToBudget } from './budget.js';
import { REPORT_MARKER } from './markdown.js';
import { type Rendered, renderSections, sectionMarkdown } from './sections.js';

export const COMMENT_LIMIT = 65_000;

export interface CommentOptions {
  limit?: number;
  platform: 'github' | 'gitlab';
  fullReportUrl?: string;
  title?: string;
  marker?: string;
}

const SEP = '\n\n';

/** Render the comment within `limit` characters (UTF-16 code units, as GitHub counts). */
export function renderComment(results: Results, options: CommentOptions): string {
  const limit = options.limit ?? COMMENT_LIMIT;
  const ctx = { results, mode: 'comment' as const, title: options.title ?? 'Open-AutoGLM CI' };
  const where = options.fullReportUrl
    ? `[the full report](${options.fullReportUrl.replace(/[()\s<>]/g, percentEncode)})`
    : options.platform === 'github'
      ? 'the full report in the job summary'
      : 'the full report in the job artifacts';
  const rendered = renderSections(ctx);
  const head = [REPORT_MARKER, ...(options.marker ? [options.marker] : [])].join('\n');
  const tail = `<sub>See ${where}.</sub>`;
  const parts = rendered.map((r) => sectionMarkdown(r.out, true));
  const size = () => [head, ...parts, tail].join(SEP).length;
  // Cut whole sections, lowest priority (highest number) first, leaving one line for each.
  const order = rendered
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.section.priority > 0)
    .sort((a, b) => b.r.section.priority - a.r.section.priority || b.i - a.i);
  for (const { r, i } of order) {
    if (size() <= limit) break;
    parts[i] = cutLine(r, where);
  }
  const body = [head, ...parts, tail].join(SEP);
  if (body.length <= limit) return body;
  // Still over: the always-kept sections are huge (thousands of regressions). Keep the top, which
  // holds the verdict and the worst regressions first, and cut at a line boundary.
  return fitToBudget(body, limit, `see ${where}`);
}

/** `%28` for `(`: encodeURIComponent leaves parentheses as they are, and a `)` would end the link. */
function percentEncode(c: string): string {
  return `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

function cutLine(r: Rendered, where: string): string {
  return `<sub>${r.out.summary ?? r.section.id}: left out to fit the comment; see ${where}.</sub>`;
}
