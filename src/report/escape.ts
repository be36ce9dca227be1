/**
 * Make untrusted text (model names, paths, labels) inert in GitHub/GitLab markdown: no markup, no
 * HTML, no table breaks, no @mention pings (a word joiner after `@`; `&#64;` and `\@` still ping),
 * no `#123` / `!123` references (a word joiner after the sign), and no GitLab quick action (a
 * line starting with `/`).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]#|<>~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/@/g, '@\u2060')
    .replace(/([#!])(?=\d)/g, '$1\u2060')
    .replace(/^\//, '\\/');
}

/** Secrets shorter than this are not redacted: replacing `1` or `ab` everywhere would garble text. */
const MIN_SECRET = 6;

/**
 * Replace every secret known to the run in text about to be posted (comments, check runs,
 * annotations, summaries): the runner's masking only covers the log.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  const list = [...new Set(secrets.filter((s): s is string => !!s && s.length >= MIN_SECRET))].sort(
    (a, b) => b.length - a.length,
  );
  let out = text;
  for (const s of list) out = out.split(s).join('***');
  return out;
}

/** Values of the environment that look like secrets (tokens, keys, passwords), for redact(). */
export function secretsFromEnv(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([k, v]) => v && /TOKEN|SECRET|PASSWORD|PRIVATE_KEY|API_KEY|CREDENTIAL/i.test(k))
    .map(([, v]) => v as string);
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
