/** Platform size limits, in characters (GitHub counts UTF-16 code units for comments). */
export const LIMITS = {
  githubComment: 65_536,
  checkRunText: 65_535,
  /** 1 MiB per step; over it the upload fails, so stay under with room for other steps' text. */
  jobSummary: 1_000_000,
  gitlabNote: 1_000_000,
} as const;

/**
 * Cut markdown to a limit at a line boundary, saying so, so a huge report degrades instead of
 * failing to post. Never cuts inside a line (a half table row or half an escape).
 */
export function fitToBudget(
  markdown: string,
  limit: number,
  fullReportHint = 'the full report is in autoglm-report.md',
): string {
  if (markdown.length <= limit) return markdown;
  const note = `\n\n> Truncated to fit the platform's ${limit.toLocaleString('en-US')}-character limit; ${fullReportHint}.\n`;
  const room = Math.max(0, limit - note.length);
  const cut = markdown.lastIndexOf('\n', room);
  return `${markdown.slice(0, cut > 0 ? cut : room)}${note}`;
}
