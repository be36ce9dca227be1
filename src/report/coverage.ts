import path from 'node:path';
import {
  COVERAGE_KINDS,
  type Counter,
  type CoverageFile,
  type CoverageResult,
  type FileChange,
  type LineRange,
  percent,
} from '../results/coverage.js';

import { escapeMarkdown, inlineCode } from './escape.js';
import { count } from './words.js';

const cellCode = (text: string): string => inlineCode(text, { table: true });

function table(headers: string[], numeric: boolean[], rows: string[][]): string {
  const align = numeric.map((n) => (n ? '---:' : ':---'));
  return [headers, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** `69.86% (51/73)`; `–` when there is nothing to cover. */
export function fmtCounter(c: Counter, withCounts = true): string {
  if (c.total === 0) return '–';
  const pct = `${percent(c).toFixed(2)}%`;
  return withCounts ? `${pct} (${c.covered}/${c.total})` : pct;
}

/** Difference in percentage points, `+0.50 pp` / `−1.25 pp`; `–` when either side has nothing to cover. */
export function fmtPointDelta(after: Counter, before: Counter): string {
  if (after.total === 0 || before.total === 0) return '–';
  const d = Math.round((percent(after) - percent(before)) * 100) / 100;
  if (d === 0) return '±0.00 pp';
  return `${d > 0 ? '+' : '−'}${Math.abs(d).toFixed(2)} pp`;
}

/** `10–12`, `20` */
export function fmtRanges(ranges: readonly LineRange[]): string {
  return ranges.map((r) => (r.start === r.end ? `${r.start}` : `${r.start}–${r.end}`)).join(', ');
}

const uncoveredLines = (f: CoverageFile): number => f.lines.total - f.lines.covered;

/** Worst first: lowest line coverage, then most uncovered lines, then path. Files with no lines last. */
export function worstFiles(files: readonly CoverageFile[]): CoverageFile[] {
  return [...files].sort((a, b) => {
    if ((a.lines.total === 0) !== (b.lines.total === 0)) return a.lines.total === 0 ? 1 : -1;
    return (
      percent(a.lines) - percent(b.lines) ||
      uncoveredLines(b) - uncoveredLines(a) ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
    );
  });
}

export interface CoverageMarkdownOptions {
  /** Rows of the worst-files table (default 15). */
  files?: number;
  /** Files listed with uncovered changed lines (default 30). */
  patchFiles?: number;
  /** Rows of the indirect-changes and ignored lists (default 30). */
  details?: number;
  /** Heading level (default 3). */
  level?: number;
}

function changeRow(c: FileChange): string[] {
  return [
    cellCode(c.path) + (c.previousPath ? ` (was ${cellCode(c.previousPath)})` : ''),
    `${fmtCounter(c.before.lines, false)} → ${fmtCounter(c.after.lines, false)}`,
    fmtPointDelta(c.after.lines, c.before.lines),
  ];
}

/**
 * The coverage section of the markdown report: totals against the baseline, patch coverage with
 * the uncovered changed lines, files worst first, then indirect changes and ignored entries
 * collapsed. Every path, ref and notice is escaped (they come from reports and CI variables).
 */
export function renderCoverageMarkdown(
  section: CoverageResult,
  options: CoverageMarkdownOptions = {},
): string {
  const h = '#'.repeat(options.level ?? 3);
  const maxFiles = options.files ?? 15;
  const maxPatch = options.patchFiles ?? 30;
  const maxDetails = options.details ?? 30;
  const cmp = section.comparison;
  const out: string[] = [`${h} Coverage`, ''];

  const headers = ['metric', 'this run'];
  const numeric = [false, true];
  if (cmp) {
    headers.push('baseline', 'change');
    numeric.push(true, true);
  }
  const rows = COVERAGE_KINDS.map((k) => {
    const row = [k, fmtCounter(section.totals[k])];
    if (cmp) row.push(fmtCounter(cmp.totals[k], false), fmtPointDelta(section.totals[k], cmp.totals[k]));
    return row;
  });
  if (section.patch) {
    const row = [
      'patch (changed lines)',
      section.patch.lines.total === 0 ? 'no executable line changed' : fmtCounter(section.patch.lines),
    ];
    if (cmp) row.push('', '');
    rows.push(row);
  }
  out.push(table(headers, numeric, rows));
  if (cmp) {
    out.push(
      '',
      `Baseline: ${inlineCode(cmp.source)}. ${cmp.newFiles.length} new file${cmp.newFiles.length === 1 ? '' : 's'}, ${cmp.deletedFiles.length} no longer reported, ${cmp.changed.length} changed${cmp.indirectKnown ? `, ${cmp.indirect.length} changed indirectly` : ''}.`,
    );
  }

  const patch = section.patch;
  if (patch) {
    out.push(
      '',
      `**Patch coverage** against ${inlineCode(patch.base)} (merge-base ${inlineCode(patch.mergeBase.slice(0, 12))}): ${
        patch.lines.total === 0
          ? 'no executable line was added or modified.'
          : `${patch.lines.covered} of ${patch.lines.total} changed executable lines ran (${fmtCounter(patch.lines, false)}).`
      }`,
    );
    const withGaps = patch.files.filter((f) => f.uncovered.length > 0);
    if (withGaps.length) {
      out.push('', 'Changed lines no test runs:', '');
      for (const f of withGaps.slice(0, maxPatch)) {
        out.push(
          `- ${inlineCode(f.path)} line${f.uncovered.length === 1 && f.uncovered[0]?.start === f.uncovered[0]?.end ? '' : 's'} ${fmtRanges(f.uncovered)}`,
        );
      }
      if (withGaps.length > maxPatch) out.push(`- … and ${withGaps.length - maxPatch} more files`);
    }
    if (patch.notInReport.length) {
      out.push(
        '',
        `${patch.notInReport.length} changed file${patch.notInReport.length === 1 ? ' is' : 's are'} in no coverage report (not loaded by any test?): ${patch.notInReport
          .slice(0, 10)
          .map((p) => inlineCode(p))
          .join(', ')}${patch.notInReport.length > 10 ? ', …' : ''}`,
      );
    }
  }

  const delta = new Map((cmp?.changed ?? []).concat(cmp?.indirect ?? []).map((c) => [c.path, c]));
  const isNew = new Set(cmp?.newFiles ?? []);
  const worst = worstFiles(section.files).slice(0, maxFiles);
  if (worst.length) {
    out.push(
      '',
      `**Files, worst first** (${worst.length} of ${section.files.length}, lowest line coverage first)`,
      '',
      table(
        ['file', 'lines', 'statements', 'functions', 'branches', ...(cmp ? ['lines change'] : [])],
        [false, true, true, true, true, ...(cmp ? [true] : [])],
        worst.map((f) => {
          const c = delta.get(f.path);
          return [
            cellCode(f.path),
            ...COVERAGE_KINDS.map((k) => fmtCounter(f[k])),
            ...(cmp
              ? [isNew.has(f.path) ? 'new' : c ? fmtPointDelta(c.after.lines, c.before.lines) : '±0.00 pp']
              : []),
          ];
        }),
      ),
    );
  }

  if (cmp?.indirect.length) {
    const list = [...cmp.indirect].sort(
      (a, b) =>
        percent(a.after.lines) - percent(a.before.lines) - (percent(b.after.lines) - percent(b.before.lines)),
    );
    out.push(
      '',
      `<details><summary>Coverage moved in ${list.length} file${list.length === 1 ? '' : 's'} this change did not touch (indirect: test order, flaky tests, calls from changed code)${cmp.gateIndirect ? '' : '; not gated'}</summary>`,
      '',
      table(['file', 'lines', 'change'], [false, true, true], list.slice(0, maxDetails).map(changeRow)),
      ...(list.length > maxDetails ? ['', `… and ${list.length - maxDetails} more`] : []),
      '',
      '</details>',
    );
  }
  if (cmp?.deletedFiles.length) {
    out.push(
      '',
      `<details><summary>${cmp.deletedFiles.length} file${cmp.deletedFiles.length === 1 ? '' : 's'} in the baseline no longer reported</summary>`,
      '',
      ...cmp.deletedFiles.slice(0, maxDetails).map((f) => `- ${inlineCode(f.path)}`),
      ...(cmp.deletedFiles.length > maxDetails
        ? [`- … and ${cmp.deletedFiles.length - maxDetails} more`]
        : []),
      '',
      '</details>',
    );
  }
  if (section.ignored.count) {
    const listed = section.ignored.files.slice(0, maxDetails);
    out.push(
      '',
      `<details><summary>${section.ignored.count} report entr${section.ignored.count === 1 ? 'y' : 'ies'} not counted</summary>`,
      '',
      ...listed.map((i) => `- ${inlineCode(i.path)}: ${escapeMarkdown(i.reason)} (${inlineCode(i.input)})`),
      ...(section.ignored.count > listed.length
        ? [`- … and ${section.ignored.count - listed.length} more`]
        : []),
      '',
      '</details>',
    );
  }
  if (section.notices.length) {
    out.push(
      '',
      ...section.notices.map((n) => `> ${escapeMarkdown(n)}`).flatMap((l, i) => (i === 0 ? [l] : ['>', l])),
    );
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Cobertura XML
// ---------------------------------------------------------------------------------------------

/** GitLab's limits for `artifacts:reports:coverage_report`. */
export const COBERTURA_LIMITS = { bytes: 10 * 1024 * 1024, sources: 100 } as const;

export interface CoberturaFileData {
  /** Repo-relative POSIX path. */
  path: string;
  /** [line, hits], ascending. */
  lines: ReadonlyArray<readonly [number, number]>;
  /** Branch outcomes per line. */
  branches?: ReadonlyMap<number, { covered: number; total: number }>;
}

export interface CoberturaInput {
  /** Absolute folder the paths are relative to: the single `<source>`. */
  root: string;
  files: readonly CoberturaFileData[];
  /** Files to keep first when the size limit forces some out (the change's files: annotations need them). */
  priority?: ReadonlySet<string>;
}

export interface CoberturaOutput {
  xml: string;
  /** Files written. */
  included: number;
  /** Files left out to stay under the size limit. */
  dropped: string[];
}

/** Text safe in XML 1.0 attribute values and content: markup escaped, forbidden characters removed. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const rate = (covered: number, total: number): string => (total === 0 ? 1 : covered / total).toFixed(4);

interface ClassChunk {
  path: string;
  dir: string;
  xml: string;
  lines: Counter;
  branches: Counter;
}

function classChunk(f: CoberturaFileData): ClassChunk {
  let linesCovered = 0;
  let bCovered = 0;
  let bTotal = 0;
  const body: string[] = [];
  for (const [line, hits] of f.lines) {
    if (hits > 0) linesCovered++;
    const b = f.branches?.get(line);
    if (b && b.total > 0) {
      bCovered += b.covered;
      bTotal += b.total;
      const pct = Math.floor((100 * b.covered) / b.total);
      body.push(
        `<line number="${line}" hits="${hits}" branch="true" condition-coverage="${pct}% (${b.covered}/${b.total})"/>`,
      );
    } else body.push(`<line number="${line}" hits="${hits}"/>`);
  }
  const dir = path.posix.dirname(f.path);
  const xml = `<class name="${escapeXml(path.posix.basename(f.path))}" filename="${escapeXml(f.path)}" line-rate="${rate(linesCovered, f.lines.length)}" branch-rate="${rate(bCovered, bTotal)}" complexity="0">\n<methods/>\n<lines>\n${body.join('\n')}${body.length ? '\n' : ''}</lines>\n</class>\n`;
  return {
    path: f.path,
    dir,
    xml,
    lines: { covered: linesCovered, total: f.lines.length },
    branches: { covered: bCovered, total: bTotal },
  };
}

const packageOpen = (dir: string, lines: Counter, branches: Counter): string =>
  `<package name="${escapeXml(dir === '.' ? 'root' : dir)}" line-rate="${rate(lines.covered, lines.total)}" branch-rate="${rate(branches.covered, branches.total)}" complexity="0">\n<classes>\n`;
const PACKAGE_CLOSE = '</classes>\n</package>\n';

/**
 * Cobertura XML for GitLab's merge request diff annotations: one `<source>` (the root) and
 * repo-relative filenames, so GitLab matches files without path guessing. Kept under `maxBytes`
 * (GitLab ignores bigger files): the priority files (this change's) go in first, then the rest in
 * path order while they fit; what is left out is returned.
 */
export function renderCobertura(
  input: CoberturaInput,
  options: { maxBytes?: number; timestamp?: number } = {},
): CoberturaOutput {
  const maxBytes = options.maxBytes ?? COBERTURA_LIMITS.bytes;
  const chunks = input.files.map(classChunk);
  const priority = input.priority ?? new Set<string>();
  const order = [...chunks].sort((a, b) => {
    const pa = priority.has(a.path) ? 0 : 1;
    const pb = priority.has(b.path) ? 0 : 1;
    return pa - pb || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  });
  // Fixed-width rates make every tag's size known before the totals are.
  const zero = { covered: 0, total: 0 };
  const head = (lines: Counter, branches: Counter) =>
    `<?xml version="1.0" ?>\n<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">\n<coverage lines-valid="${lines.total}" lines-covered="${lines.covered}" line-rate="${rate(lines.covered, lines.total)}" branches-valid="${branches.total}" branches-covered="${branches.covered}" branch-rate="${rate(branches.covered, branches.total)}" timestamp="${options.timestamp ?? Date.now()}" complexity="0" version="0.1">\n<sources>\n<source>${escapeXml(input.root)}</source>\n</sources>\n<packages>\n`;
  const tail = '</packages>\n</coverage>\n';
  // Reserve room for the widest possible counters in the header.
  const big = { covered: 10 ** 12, total: 10 ** 12 };
  let used = Buffer.byteLength(head(big, big)) + Buffer.byteLength(tail);
  const chosen = new Map<string, ClassChunk[]>();
  const dropped: string[] = [];
  for (const c of order) {
    const opening = chosen.has(c.dir)
      ? 0
      : Buffer.byteLength(packageOpen(c.dir, zero, zero)) + PACKAGE_CLOSE.length;
    const cost = Buffer.byteLength(c.xml) + opening;
    if (used + cost > maxBytes) {
      dropped.push(c.path);
      continue;
    }
    used += cost;
    const list = chosen.get(c.dir) ?? [];
    list.push(c);
    chosen.set(c.dir, list);
  }
  const lines = { covered: 0, total: 0 };
  const branches = { covered: 0, total: 0 };
  const body: string[] = [];
  for (const dir of [...chosen.keys()].sort()) {
    const list = (chosen.get(dir) as ClassChunk[]).sort((a, b) => (a.path < b.path ? -1 : 1));
    const pl = { covered: 0, total: 0 };
    const pb = { covered: 0, total: 0 };
    for (const c of list) {
      pl.covered += c.lines.covered;
      pl.total += c.lines.total;
      pb.covered += c.branches.covered;
      pb.total += c.branches.total;
    }
    lines.covered += pl.covered;
    lines.total += pl.total;
    branches.covered += pb.covered;
    branches.total += pb.total;
    body.push(packageOpen(dir, pl, pb), ...list.map((c) => c.xml), PACKAGE_CLOSE);
  }
  const xml = head(lines, branches) + body.join('') + tail;
  return { xml, included: chunks.length - dropped.length, dropped };
}

/** Align `pct (covered/total)` cells: percentages right-aligned, counts left-aligned after them. */
function alignCounters(cells: string[]): string[] {
  const parts = cells.map((c) => {
    const m = /^(\S+%) (\(.*\))$/.exec(c);
    return m ? { pct: m[1] as string, n: m[2] as string } : undefined;
  });
  const pw = Math.max(0, ...parts.map((p) => p?.pct.length ?? 0));
  const nw = Math.max(0, ...parts.map((p) => p?.n.length ?? 0));
  return cells.map((c, i) => {
    const p = parts[i];
    return p ? `${p.pct.padStart(pw)} ${p.n.padEnd(nw)}` : c;
  });
}

/** Plain-text summary for the terminal: totals (with baseline change), patch coverage, worst files. */
export function renderCoverageTerminal(section: CoverageResult, options: { files?: number } = {}): string {
  const cmp = section.comparison;
  const out: string[] = [];
  const inputs = section.inputs.map((i) => `${i.file} (${i.format})`).join(', ');
  out.push(`Coverage of ${count(section.files.length, 'file')} from ${inputs}`);
  const rows: string[][] = [['metric', 'this run', ...(cmp ? ['baseline', 'change'] : [])]];
  for (const k of COVERAGE_KINDS) {
    rows.push([
      k,
      fmtCounter(section.totals[k]),
      ...(cmp ? [fmtCounter(cmp.totals[k], false), fmtPointDelta(section.totals[k], cmp.totals[k])] : []),
    ]);
  }
  if (section.patch) {
    rows.push([
      'patch',
      section.patch.lines.total === 0 ? 'no executable line changed' : fmtCounter(section.patch.lines),
      ...(cmp ? ['', ''] : []),
    ]);
  }
  // `69.86% (51/73)` over `66.66% (6/9)`: percentages and counts each in their own aligned part.
  const aligned = alignCounters(rows.slice(1).map((r) => r[1] as string));
  for (const [i, cell] of aligned.entries()) (rows[i + 1] as string[])[1] = cell;
  const widths = (rows[0] as string[]).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  for (const [i, r] of rows.entries()) {
    out.push(
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number)))
        .join('  '),
    );
    if (i === 0) out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  const patch = section.patch;
  if (patch) {
    for (const f of patch.files.filter((x) => x.uncovered.length > 0).slice(0, 20)) {
      out.push(`  uncovered changed lines: ${f.path}:${fmtRanges(f.uncovered)}`);
    }
  }
  const worst = worstFiles(section.files)
    .filter((f) => f.lines.total > 0 && f.lines.covered < f.lines.total)
    .slice(0, options.files ?? 5);
  if (worst.length) {
    out.push('Worst files:');
    const cells = alignCounters(worst.map((f) => fmtCounter(f.lines)));
    for (const [i, f] of worst.entries()) out.push(`  ${cells[i]}  ${f.path}`);
  }
  if (cmp) {
    out.push(
      `vs ${cmp.source}: ${cmp.newFiles.length} new, ${cmp.deletedFiles.length} no longer reported, ${cmp.changed.length} changed${cmp.indirectKnown ? `, ${cmp.indirect.length} indirect` : ''}`,
    );
  }
  if (section.ignored.count)
    out.push(
      `${section.ignored.count} report entries not counted (outside the repository, absent from it, or excluded)`,
    );
  for (const n of section.notices) out.push(`note: ${n}`);
  return `${out.join('\n')}\n`;
}
