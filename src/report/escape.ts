/**
 * Make untrusted text (model names, paths, labels) inert in GitHub/GitLab markdown: no markup, no
 * HTML, no table breaks, no @mention pings (a word joiner after `@`; `&#64;` and `\@` still ping),
 * and no GitLab quick action (a line starting with `/`).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]#|<>~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/@/g, '@\u2060')
    .replace(/^\//, '\\/');
}

/**
 * Inline code that cannot be broken out of: the fence is longer than any backtick run inside.
 * In a table cell `|` must be escaped even inside code; elsewhere the backslash would show.
 */
export function inlineCode(text: string, options: { table?: boolean } = {}): string {
  const clean = text.replace(/[\r\n]+/g, ' ').replace(/@/g, '@\u2060');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  const body = options.table ? clean.replace(/\|/g, '\\|') : clean;
  return `${fence}${pad}${body}${pad}${fence}`;
}
