import type { Trend } from '../results/comparison.js';
import { inlineCode } from './escape.js';
import { fmtNum } from './format.js';

/** At most this many charts: one per model and headline metric reads at a glance. */
const MAX_CHARTS = 6;

/** Mermaid strings are quoted: keep only characters that cannot end the quote or the line. */
const label = (s: string): string => s.replace(/[^\p{L}\p{N} ._:/+-]/gu, '_').slice(0, 40);

/**
 * Mermaid `xychart-beta` line charts of the headline metrics over the stored history (oldest
 * first, this run last). GitHub and GitLab render them; elsewhere the block reads as numbers.
 */
export function renderTrend(trend: Trend): string[] {
  const out: string[] = [];
  for (const series of trend.slice(0, MAX_CHARTS)) {
    const values = series.points.map((p) => p.value);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const pad = hi === lo ? Math.abs(hi) * 0.05 || 1 : (hi - lo) * 0.1;
    out.push(
      `${inlineCode(series.model)} ${inlineCode(series.metric)} over the last ${series.points.length} runs:`,
      '',
      '```mermaid',
      'xychart-beta',
      `  title "${label(`${series.model} ${series.metric}`)}"`,
      `  x-axis [${series.points.map((p) => `"${label(p.label)}"`).join(', ')}]`,
      `  y-axis "${label(series.metric)}" ${fmtNum(lo - pad)} --> ${fmtNum(hi + pad)}`,
      `  line [${values.map((v) => fmtNum(v, 6)).join(', ')}]`,
      '```',
      '',
    );
  }
  if (trend.length > MAX_CHARTS)
    out.push(`… and ${trend.length - MAX_CHARTS} more series in the results document.`);
  return out;
}
