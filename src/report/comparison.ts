import type { Comparison, Finding } from '../results/comparison.js';
import { REPLAYED_TIMING_REASON } from '../results/llm.js';
import { escapeMarkdown, inlineCode } from './escape.js';
import { fmtMs, fmtNum } from './format.js';

/** One mark per outcome; what the method could not judge gets a neutral mark, never a green tick. */
export const OUTCOME_ICON: Record<Finding['outcome'], string> = {
  regression: '❌',
  improvement: '🟢',
  'no change': '✅',
  inconclusive: '❔',
  new: '🆕',
  removed: '➖',
  'not compared': '⚪',
  noise: '⚪',
};

const cellCode = (s: string) => inlineCode(s, { table: true });

/** The change in words: `±0` for identical values, never "0.0% worse". */
export function changeText(f: Finding): string {
  if (f.base === null || f.current === null) return '–';
  if (f.delta === 0 || f.base === f.current) return '±0';
  if (f.worsening === null) {
    const d = f.current - f.base;
    return `${d > 0 ? '+' : '−'}${fmtNum(Math.abs(d))}`;
  }
  const pct = Math.abs(f.worsening * 100);
  if (pct < 0.05) return '±0.0%';
  return `${pct.toFixed(1)}% ${f.worsening > 0 ? 'worse' : 'better'}`;
}

/**
 * A finding worded by its effect, so an info-level finding never reads as a failure:
 * `worse (info)`, `regression (warn)`, `regression (block)`, `accepted (block)`.
 */
export function effectLabel(f: Finding): string {
  if (f.outcome === 'regression') {
    if (f.accepted) return `accepted (${f.mode})`;
    return f.mode === 'info' ? 'worse (info)' : `regression (${f.mode})`;
  }
  if (f.outcome === 'improvement') return f.mode === 'info' ? 'better (info)' : `improvement (${f.mode})`;
  if (isInconclusiveBeyondGate(f)) return INCONCLUSIVE_BEYOND;
  return f.outcome;
}

export const INCONCLUSIVE_BEYOND = 'inconclusive beyond the gate';

/** Severity 2 of an inconclusive finding: worse by at least the gate, not yet significant. */
export function isInconclusiveBeyondGate(f: Finding): boolean {
  return f.outcome === 'inconclusive' && f.severity === 2;
}

/** `severity 5`, or `severity 2: inconclusive beyond the gate`: level 2 is not noise. */
export function severityText(f: Finding): string {
  return `severity ${f.severity}${isInconclusiveBeyondGate(f) ? `: ${INCONCLUSIVE_BEYOND}` : ''}`;
}

/** p-value and interval, when the method gives them. */
export function confidenceText(f: Finding): string {
  const parts: string[] = [];
  if (f.pValue !== undefined) parts.push(`p = ${fmtNum(f.pValue, 2)}`);
  if (f.interval) {
    parts.push(
      `${Math.round(f.interval.confidence * 100)}% CI [${fmtNum(f.interval.lower, 3)}, ${fmtNum(f.interval.upper, 3)}]`,
    );
  }
  return parts.join(', ') || '–';
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
    'merge-base': b.ref
      ? `the merge-base with ${inlineCode(b.ref)}${b.refRelation ? ` (${escapeMarkdown(b.refRelation)})` : ''}`
      : "the PR's merge-base",
    'base-branch': 'the latest run of the base branch',
    file: 'a fixed file',
  }[b.matched];
  const parts = [
    b.sha ? `commit ${inlineCode(b.sha.slice(0, 12))}` : undefined,
    b.branch ? `branch ${inlineCode(b.branch)}` : undefined,
    b.runId ? `run ${inlineCode(b.runId)}` : undefined,
    age(b.ageHours),
  ].filter(Boolean);
  return `Compared with ${how}: ${parts.join(', ')} (${escapeMarkdown(b.store)} store, ${inlineCode(b.location)}).`;
}

/** Findings a reader must see: regressions (any level), improvements and inconclusive gated ones. */
export function isNotable(f: Finding): boolean {
  if (f.outcome === 'regression' || f.outcome === 'improvement') return true;
  return f.outcome === 'inconclusive' && f.mode !== 'info';
}

/** Methods that could not judge: shown collapsed with a neutral mark. */
export function isUnjudged(f: Finding): boolean {
  return f.outcome === 'not compared' || f.outcome === 'noise' || f.outcome === 'inconclusive';
}

const ORDER: Finding['outcome'][] = [
  'regression',
  'improvement',
  'inconclusive',
  'not compared',
  'noise',
  'no change',
  'new',
  'removed',
];
const MODE_RANK = { block: 0, warn: 1, info: 2 } as const;

/**
 * Gated findings first: an ungated metric judged by a default threshold (info) never outranks a
 * gate. Then regressions (blocking, then by severity), improvements, the rest.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      Number(a.mode === 'info') - Number(b.mode === 'info') ||
      ORDER.indexOf(a.outcome) - ORDER.indexOf(b.outcome) ||
      Number(a.accepted ?? false) - Number(b.accepted ?? false) ||
      MODE_RANK[a.mode] - MODE_RANK[b.mode] ||
      b.severity - a.severity,
  );
}

export const FINDING_HEADER = [
  '| | metric | model | base | head | change | confidence | gate |',
  '| :--- | :--- | :--- | ---: | ---: | ---: | :--- | :--- |',
];

export function findingRow(f: Finding): string {
  const gate = `${f.rule ? `${escapeMarkdown(f.rule)}, ` : ''}${f.downgraded ? `${f.mode} (lowered)` : f.mode}`;
  const mark = f.accepted ? '☑️' : OUTCOME_ICON[f.outcome];
  return `| ${mark} ${effectLabel(f)} | ${cellCode(f.metric)} | ${cellCode(f.model)} | ${valueText(f.metric, f.base)} | ${valueText(f.metric, f.current)} | ${changeText(f)} | ${f.method === 'none' ? '–' : f.pValue === undefined && !f.interval ? f.method : `${confidenceText(f)} (${f.method})`} | ${gate} |`;
}

/** The "why" list under a findings table: each finding's reason and flipped samples. */
export function reasonLines(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  for (const f of findings) {
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
  return out;
}

/** A base or head value: times in µs or ms as the side-by-side tables show them. */
function valueText(metric: string, v: number | null): string {
  if (v === null) return fmtNum(undefined);
  return metric.endsWith('_ms') ? fmtMs(v) : fmtNum(v);
}

/** How the baseline was chosen, in words (a fixed file says so through its store). */
const MATCHED = { 'merge-base': 'run of the merge-base', 'base-branch': "base branch's latest run" } as const;

/** `run of the merge-base with origin/main; local main is 3 commits ahead; ` (nothing for a file). */
function baselineHow(b: NonNullable<Comparison['baseline']>): string {
  if (b.matched === 'file') return '';
  if (!b.ref) return `${MATCHED[b.matched]}, `;
  return `${MATCHED[b.matched]} with ${b.ref}${b.refRelation ? `; ${b.refRelation}` : ''}; `;
}

/** Terminal lines for the comparison, each finding worded by its effect. */
export function comparisonLines(c: Comparison): string[] {
  const b = c.baseline;
  const out = [
    b
      ? `Baseline: ${b.sha?.slice(0, 12) ?? b.location} (${baselineHow(b)}${b.store} store, ${age(b.ageHours)})`
      : 'Baseline: none',
  ];
  for (const n of c.notes) out.push(`  note: ${n}`);
  for (const f of sortFindings(c.findings.filter(isNotable))) {
    out.push(
      `  ${effectLabel(f)}: ${f.model} ${f.metric} ${changeText(f)} [${f.method}, ${severityText(f)}]: ${f.reason}`,
    );
  }
  const count = (o: Finding['outcome']) => c.findings.filter((f) => f.outcome === o).length;
  const s = (n: number) => (n === 1 ? '' : 's');
  const replayed = c.findings.filter((f) => f.reason === REPLAYED_TIMING_REASON).length;
  const nc = count('not compared') - replayed;
  if (nc) out.push(`  not compared: ${nc} stored timing${s(nc)} from another machine; see the report`);
  if (replayed)
    out.push(
      `  not compared: ${replayed} LLM timing${s(replayed)} replayed from cassettes in both runs (recorded, not measured)`,
    );
  const noise = count('noise');
  if (noise)
    out.push(`  noise: ${noise} timing difference${s(noise)} of unchanged model files (the runner's)`);
  if (c.findings.length) out.push(`  Against the baseline: ${c.outcome}`);
  return out;
}
