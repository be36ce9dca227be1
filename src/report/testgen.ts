import type { BehaviourChange, TestgenResult } from '../results/testgen.js';
import { escapeMarkdown, inlineCode } from './escape.js';
import { count } from './words.js';

const cellCode = (text: string): string => inlineCode(text, { table: true });

function pct(covered: number, total: number): string {
  if (total === 0) return '–';
  return `${((100 * covered) / total).toFixed(1)}% (${covered}/${total})`;
}

/** At most this many rows per table; the rest is summarised in one line. */
const MAX_ROWS = 50;

/** The "behaviour changes" section: every generated input whose result differs between base and head. */
export function renderBehaviourChanges(
  changes: readonly BehaviourChange[],
  base: string | undefined,
): string {
  const lines = ['### Behaviour changes', ''];
  if (changes.length === 0) {
    lines.push(`No generated input changed its result${base ? ` against ${inlineCode(base)}` : ''}.`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `${changes.length} generated input${changes.length === 1 ? '' : 's'} of changed functions give${changes.length === 1 ? 's' : ''} a different result than${base ? ` ${inlineCode(base)}` : ' the base'}: check that each change is intended.`,
    '',
    '| call | base | head |',
    '| :--- | :--- | :--- |',
  );
  for (const c of changes.slice(0, MAX_ROWS)) {
    lines.push(`| ${cellCode(c.call)} | ${cellCode(c.base)} | ${cellCode(c.head)} |`);
  }
  if (changes.length > MAX_ROWS) lines.push('', `… and ${changes.length - MAX_ROWS} more.`);
  return `${lines.join('\n')}\n`;
}

/** The markdown section of the report for generated tests. */
export function renderTestgenMarkdown(t: TestgenResult): string {
  const lines: string[] = ['## Generated tests', ''];
  const tot = t.totals;
  lines.push(
    `${tot.tests} test${tot.tests === 1 ? '' : 's'} for ${tot.functions - tot.skipped} of ${tot.functions} functions ` +
      `(${tot.bySolver} from solved path constraints, ${tot.bySearch} from coverage-guided search), ` +
      `branch coverage ${pct(tot.branches.covered, tot.branches.total)}, framework ${inlineCode(t.framework)}, in ${(t.durationMs / 1000).toFixed(1)} s.`,
    '',
  );
  const modules = t.files.filter((f) => f.module);
  if (modules.length > 0) {
    lines.push('| module | branches | statements |', '| :--- | ---: | ---: |');
    for (const f of modules.slice(0, MAX_ROWS)) {
      const m = f.module as NonNullable<typeof f.module>;
      lines.push(
        `| ${cellCode(f.file)} | ${pct(m.branches.covered, m.branches.total)} | ${pct(m.statements.covered, m.statements.total)} |`,
      );
    }
    lines.push('');
  }
  if (t.newFunctions?.length)
    lines.push(
      `New since ${inlineCode(t.base ?? 'the base')}: ${t.newFunctions.map((f) => cellCode(f.function)).join(', ')}.`,
      '',
    );
  const tested = t.functions.filter((f) => f.status !== 'skipped');
  if (tested.length > 0) {
    lines.push(
      '| function | file | tests | solver / search | branches |',
      '| :--- | :--- | ---: | ---: | ---: |',
    );
    for (const f of tested.slice(0, MAX_ROWS)) {
      const name = f.status === 'partial' ? `${cellCode(f.name)} (partly analysed)` : cellCode(f.name);
      lines.push(
        `| ${name} | ${cellCode(`${f.file}:${f.line}`)} | ${f.tests} | ${f.bySolver} / ${f.bySearch} | ${pct(f.branches.covered, f.branches.total)} |`,
      );
    }
    if (tested.length > MAX_ROWS) lines.push('', `… and ${tested.length - MAX_ROWS} more functions.`);
    lines.push('');
  }
  const skipped = t.functions.filter((f) => f.status === 'skipped');
  const skippedFiles = t.files.filter(
    (f) => f.skipped && f.skipped !== 'no exported functions' && f.skipped !== 'no changed functions',
  );
  if (skipped.length > 0 || skippedFiles.length > 0) {
    lines.push('<details><summary>Skipped</summary>', '');
    for (const f of skippedFiles.slice(0, MAX_ROWS))
      lines.push(`- ${cellCode(f.file)}: ${escapeMarkdown(f.skipped ?? '')}`);
    for (const f of skipped.slice(0, MAX_ROWS))
      lines.push(
        `- ${cellCode(f.name)} (${cellCode(`${f.file}:${f.line}`)}): ${escapeMarkdown(f.reason ?? 'no test kept')}`,
      );
    lines.push('', '</details>', '');
  }
  const partial = t.functions.filter((f) => f.status === 'partial');
  if (partial.length > 0) {
    lines.push('<details><summary>Partly analysed</summary>', '');
    for (const f of partial.slice(0, MAX_ROWS))
      lines.push(`- ${cellCode(f.name)}: ${escapeMarkdown(f.notes.slice(0, 3).join('; '))}`);
    lines.push('', '</details>', '');
  }
  if (t.base !== undefined) lines.push(renderBehaviourChanges(t.behaviourChanges, t.base));
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/** Plain-text summary for the terminal. */
export function renderTestgenTerminal(t: TestgenResult): string {
  const rows = t.functions.map((f) => [
    f.name,
    `${f.file}:${f.line}`,
    f.status === 'skipped' ? '-' : String(f.tests),
    f.status === 'skipped' ? '-' : `${f.bySolver}/${f.bySearch}`,
    f.status === 'skipped'
      ? `skipped: ${f.reason ?? ''}`
      : pct(f.branches.covered, f.branches.total) + (f.status === 'partial' ? ' (partly analysed)' : ''),
  ]);
  const head = ['function', 'location', 'tests', 'solver/search', 'branches'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const out = [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
  const tot = t.totals;
  out.push(
    '',
    `${count(tot.tests, 'test')}, ${tot.bySolver} from the solver and ${tot.bySearch} from search; branch coverage ${pct(tot.branches.covered, tot.branches.total)} (measured by running the emitted tests); ${(t.durationMs / 1000).toFixed(1)} s`,
  );
  for (const f of t.files) {
    if (f.module)
      out.push(
        `module ${f.file}: branches ${pct(f.module.branches.covered, f.module.branches.total)}, statements ${pct(f.module.statements.covered, f.module.statements.total)}`,
      );
    if (f.skipped && f.skipped !== 'no exported functions' && f.skipped !== 'no changed functions')
      out.push(`skipped ${f.file}: ${f.skipped}`);
  }
  if (t.newFunctions?.length)
    out.push(`new since ${t.base}: ${t.newFunctions.map((f) => f.function).join(', ')}`);
  if (t.base !== undefined) {
    out.push(
      '',
      t.behaviourChanges.length === 0
        ? `No behaviour changes against ${t.base}.`
        : `Behaviour changes against ${t.base}:`,
    );
    for (const c of t.behaviourChanges) out.push(`  ${c.call}: base ${c.base}, head ${c.head}`);
  }
  if (t.stats.testRunError) out.push(`warning: ${t.stats.testRunError}`);
  return `${out.join('\n')}\n`;
}
