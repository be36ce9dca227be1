import type { Comparison, Finding } from '../results/comparison.js';
import { escapeMarkdown, inlineCode } from './escape.js';
import { fmtNum } from './format.js';

const ICON: Record<Finding['outcome'], string> = {
  regression: '❌',
  improvement: '🟢',
  'no change': '✅',
  inconclusive: '❔',
  new: '🆕',
  removed: '➖',
};

const cellCode = (s: string) => inlineCode(s, { table: true });

function change(f: Finding): string {
  if (f.worsening === null || f.base === null || f.current === null) return '–';
  const pct = f.worsening * 100;
  const word = pct >= 0 ? 'worse' : 'better';
  return `${Math.abs(pct).toFixed(1)}% ${word}`;
}

function age(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} min old`;
  if (hours < 48) return `${hours.toFixed(1)} h old`;
  return `${Math.round(hours / 24)} days old`;
}

/** One line naming exactly what the run was compared against: commit, branch, run, age. */
export function baselineLine(c: Comparison): string {
  const b = c.baseline;
  if (!b) return 'No baseline to compare with.';
  const how = {
    'merge-base': "the PR's merge-base",
    'base-branch': 'the latest run of the base branch',
    file: 'a fixed file',
  }[b.matched];
  const parts = [
    b.sha ? `commit ${inlineCode(b.sha.slice(0, 12))}` : undefined,
    b.branch ? `branch ${inlineCode(b.branch)}` : undefined,
    b.runId ? `run ${inlineCode(b.runId)}` : undefined,
    age(b.ageHours),
  ].filter(Boolean);
  return `Compared with ${how}: ${parts.join(', ')} (${b.store} store, ${inlineCode(b.location)}).`;
}

function row(f: Finding): string {
  const mode = f.downgraded ? `${f.mode} (lowered)` : f.mode;
  return `| ${ICON[f.outcome]} ${f.outcome} | ${cellCode(f.model)} | ${cellCode(f.metric)} | ${fmtNum(f.base ?? undefined)} | ${fmtNum(f.current ?? undefined)} | ${change(f)} | ${f.method} | ${mode} | ${f.severity} |`;
}

const HEADER = [
  '| verdict | model | metric | baseline | this run | change | decided by | gate | severity |',
  '| :--- | :--- | :--- | ---: | ---: | ---: | :--- | :--- | ---: |',
];

/** Markdown for the comparison: what it was against, what changed (gated and notable first), why. */
export function renderComparison(c: Comparison): string[] {
  const out = ['### Against the baseline', '', baselineLine(c)];
  if (c.notes.length) out.push('', ...c.notes.map((n) => `> ${escapeMarkdown(n)}`));
  if (!c.findings.length) return out;
  const notable = c.findings.filter(
    (f) => f.mode !== 'info' || f.outcome === 'regression' || f.outcome === 'improvement',
  );
  const rest = c.findings.filter((f) => !notable.includes(f));
  const order: Finding['outcome'][] = [
    'regression',
    'inconclusive',
    'improvement',
    'no change',
    'new',
    'removed',
  ];
  notable.sort((a, b) => order.indexOf(a.outcome) - order.indexOf(b.outcome) || b.severity - a.severity);
  out.push('', `Overall: **${c.outcome}**.`);
  if (notable.length) out.push('', ...HEADER, ...notable.map(row));
  const why = notable.filter((f) => f.outcome !== 'no change');
  if (why.length) {
    out.push('', '<details><summary>Why</summary>', '');
    for (const f of why) {
      out.push(
        `- ${cellCode(f.model)} ${cellCode(f.metric)}: ${escapeMarkdown(f.reason)}${f.downgraded ? ` Gate lowered to warn: ${escapeMarkdown(f.downgraded)}.` : ''}`,
      );
      if (f.flips && (f.flips.passToFail.length || f.flips.failToPass.length)) {
        const list = (ids: string[]) =>
          ids
            .slice(0, 20)
            .map((id) => inlineCode(id))
            .join(', ') + (ids.length > 20 ? ` and ${ids.length - 20} more` : '');
        if (f.flips.passToFail.length)
          out.push(`  - pass → fail (${f.flips.passToFail.length}): ${list(f.flips.passToFail)}`);
        if (f.flips.failToPass.length)
          out.push(`  - fail → pass (${f.flips.failToPass.length}): ${list(f.flips.failToPass)}`);
      }
    }
    out.push('', '</details>');
  }
  if (rest.length) {
    out.push(
      '',
      `<details><summary>${rest.length} other metrics without a notable change</summary>`,
      '',
      ...HEADER,
      ...rest.map(row),
      '',
      '</details>',
    );
  }
  return out;
}

/** Terminal lines for the comparison. */
export function comparisonLines(c: Comparison): string[] {
  const b = c.baseline;
  const out = [
    b
      ? `Baseline: ${b.sha?.slice(0, 12) ?? b.location} (${b.matched}, ${b.store} store, ${age(b.ageHours)})`
      : 'Baseline: none',
  ];
  for (const n of c.notes) out.push(`  note: ${n}`);
  for (const f of c.findings.filter(
    (x) => x.outcome !== 'no change' && (x.mode !== 'info' || x.outcome === 'regression'),
  )) {
    out.push(
      `  ${f.outcome.toUpperCase()} ${f.model} ${f.metric} [${f.method}, ${f.mode}, severity ${f.severity}]: ${f.reason}`,
    );
  }
  if (c.findings.length) out.push(`  Against the baseline: ${c.outcome}`);
  return out;
}
