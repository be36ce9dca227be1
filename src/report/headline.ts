import type { Finding } from '../results/comparison.js';
import type { GateOutcome, Results, Verdict } from '../results/schema.js';
import { isInconclusiveBeyondGate } from './comparison.js';
import { fmtNum } from './format.js';
import { count } from './words.js';

/**
 * The headline: the verdict and what drove it, named (metric, model, change, gate), plus how many
 * gates passed, failed or were not evaluated and why. One source for the terminal's `Verdict:`
 * line, the comment/note title, the job summary and the check run title.
 */

export const VERDICT_LABEL: Record<Verdict, string> = {
  pass: '✅ pass',
  warning: '⚠️ warning',
  regression: '❌ regression',
};

/** How many findings the headline names before "and N more". */
const NAMED = 3;

/** Metrics in [0, 1] whose changes read in percentage points. */
const FRACTIONS = new Set(['accuracy', 'macro_f1', 'pass_rate']);

const minus = (x: number) => (x < 0 ? '−' : '+');

function display(metric: string, suite: string): string {
  return suite === 'coverage' && !metric.startsWith('coverage.') ? `coverage.${metric}` : metric;
}

/** The change as a reader compares it: points for rates and coverage, percent for the rest. */
export function deltaText(f: Finding): string {
  if (f.base === null || f.current === null) return 'not measured';
  const d = f.current - f.base;
  if (f.suite === 'coverage' || f.metric.startsWith('coverage.'))
    return `${minus(d)}${Math.abs(d).toFixed(1)} pp`;
  if (FRACTIONS.has(f.metric)) return `${minus(d)}${Math.abs(d * 100).toFixed(1)} pp`;
  if (f.base === 0) return `${minus(d)}${fmtNum(Math.abs(d))}`;
  const r = d / Math.abs(f.base);
  return `${minus(r)}${Math.abs(r * 100).toFixed(1)}%`;
}

/** `accuracy of digits-v2`, or `coverage.branches` (coverage has one "model": all files). */
function subject(metric: string, suite: string, model: string): string {
  const name = display(metric, suite);
  return suite === 'coverage' ? name : `${name} of ${model}`;
}

/** The gate's rule in the metric's unit: `max_drop 0.01` on a rate reads `max_drop 1 pp`. */
function ruleText(metric: string, rule: string): string {
  const m = /^(max_drop|max_increase) ([0-9.]+)$/.exec(rule);
  if (m && FRACTIONS.has(metric)) return `${m[1]} ${Number((Number(m[2]) * 100).toPrecision(4))} pp`;
  return rule;
}

function findingText(f: Finding): string {
  const gate = f.rule
    ? ` (gate ${ruleText(f.metric, f.rule)}${f.mode === 'block' ? '' : `, ${f.mode}`})`
    : '';
  const base = `${subject(f.metric, f.suite, f.model)} ${deltaText(f)}${gate}`;
  if (!isInconclusiveBeyondGate(f)) return base;
  const more = f.moreSamples !== undefined ? `, about ${f.moreSamples} more samples would decide it` : '';
  return `${base} inconclusive${more}`;
}

function gateRowText(g: GateOutcome): string {
  // A relative gate (max_drop, max_increase) has no min or max: its rule as written.
  const rule =
    [g.min !== undefined ? `min ${g.min}` : '', g.max !== undefined ? `max ${g.max}` : '']
      .filter(Boolean)
      .join(', ') ||
    g.rule ||
    '';
  const value = g.value === null ? 'not measured' : fmtNum(g.value);
  return `${subject(g.metric, g.suite, g.model)} ${value} (gate ${rule}${g.mode === 'block' ? '' : `, ${g.mode}`})`;
}

const MODE = { block: 0, warn: 1, info: 2 } as const;

interface Named {
  text: string;
  mode: GateOutcome['mode'];
  severity: number;
  /** Relative worsening: ties of mode and severity go to the larger change. */
  worsening: number;
}

/**
 * What drove the verdict, worst first: failed gates and gated regressions (block before warn, by
 * severity), then gated findings left inconclusive beyond their gate. Ungated (info) findings,
 * judged only by the default thresholds, are never named: they cannot outrank a gate.
 */
export function topFindings(results: Results): string[] {
  const findings = (results.comparison?.findings ?? []).filter((f) => !f.accepted && f.mode !== 'info');
  const failing: Named[] = [
    ...results.gates
      .filter((g) => g.status === 'fail' && !g.accepted && g.mode !== 'info')
      .map((g) => ({ text: gateRowText(g), mode: g.mode, severity: 4, worsening: 0 })),
    // A gate whose metric no model reports: the warning's reason.
    ...results.gates
      .filter((g) => g.status === 'missing' && !g.accepted && g.mode !== 'info')
      .map((g) => ({ text: gateRowText(g), mode: g.mode, severity: 3, worsening: 0 })),
    ...findings
      .filter((f) => f.outcome === 'regression')
      .map((f) => ({
        text: findingText(f),
        mode: f.mode,
        severity: f.severity,
        worsening: f.worsening ?? 0,
      })),
  ].sort((a, b) => MODE[a.mode] - MODE[b.mode] || b.severity - a.severity || b.worsening - a.worsening);
  const open = findings
    .filter(isInconclusiveBeyondGate)
    .sort((a, b) => MODE[a.mode] - MODE[b.mode])
    .map(findingText);
  return [...failing.map((n) => n.text), ...open];
}

/** A gate, as the config names it: a metric and one rule (`accuracy max_drop 0.05`). */
interface GateTally {
  name: string;
  state: 'failed' | 'inconclusive' | 'passed' | 'not measured' | 'not evaluated';
  reason?: string;
}

function tally(results: Results): GateTally[] {
  const gates = new Map<string, GateTally>();
  const worse: GateTally['state'][] = ['failed', 'not measured', 'inconclusive', 'passed', 'not evaluated'];
  const note = (name: string, state: GateTally['state'], reason?: string) => {
    const had = gates.get(name);
    if (!had || worse.indexOf(state) < worse.indexOf(had.state))
      gates.set(name, { name, state, ...(reason ? { reason } : {}) });
  };
  for (const g of results.gates) {
    const rule =
      [g.min !== undefined ? `min ${g.min}` : '', g.max !== undefined ? `max ${g.max}` : '']
        .filter(Boolean)
        .join(', ') ||
      g.rule ||
      '';
    const name = `${display(g.metric, g.suite)} ${rule}`.trim();
    if (g.status === 'not applicable') continue; // judged on the models that report it
    if (g.status === 'not evaluated') note(name, 'not evaluated', g.reason);
    else if (g.status === 'missing') note(name, 'not measured', g.reason);
    else note(name, g.status === 'fail' && !g.accepted ? 'failed' : 'passed');
  }
  for (const f of results.comparison?.findings ?? []) {
    if (!f.rule) continue;
    const name = `${display(f.metric, f.suite)} ${f.rule}`;
    if (f.outcome === 'regression' && !f.accepted && f.mode !== 'info') note(name, 'failed');
    else if (f.outcome === 'inconclusive') note(name, 'inconclusive');
    else note(name, 'passed');
  }
  return [...gates.values()];
}

/** `2 gates passed, 1 not evaluated: coverage.branches max_drop 1 (the baseline has no coverage section)`. */
export function gateSummary(results: Results): string {
  const all = tally(results);
  const by = (s: GateTally['state']) => all.filter((g) => g.state === s);
  const skipped = by('not evaluated');
  const why = (list: GateTally[]) =>
    list
      .slice(0, NAMED)
      .map((g) => `${g.name}${g.reason ? ` (${g.reason})` : ''}`)
      .join('; ') + (list.length > NAMED ? `; and ${list.length - NAMED} more` : '');
  const judged = all.length - skipped.length;
  if (!all.length) return 'no gate was evaluated: none is configured';
  if (!judged)
    return `no gate was evaluated: ${count(skipped.length, 'gate')} not evaluated: ${why(skipped)}`;
  const parts = (['passed', 'failed', 'inconclusive', 'not measured'] as const)
    .map((state) => ({ n: by(state).length, state }))
    .filter((p) => p.n > 0)
    .map((p, i) => `${i === 0 ? count(p.n, 'gate') : p.n} ${p.state}`);
  const text = parts.join(', ');
  return skipped.length ? `${text}, ${skipped.length} not evaluated: ${why(skipped)}` : text;
}

/** `❌ regression: accuracy of digits-v2 −4.0 pp (gate max_drop 1 pp); coverage.branches −12.3 pp`. */
export function headline(results: Results): string {
  const named = topFindings(results);
  const label = VERDICT_LABEL[results.verdict];
  if (!named.length) {
    const better = (results.comparison?.findings ?? []).filter(
      (f) => f.outcome === 'improvement' && f.mode !== 'info',
    ).length;
    const what = !results.comparison
      ? ''
      : results.comparison.baseline
        ? 'no regressions against the baseline'
        : 'no baseline to compare with';
    const more = better ? `${what ? ', ' : ''}${count(better, 'improvement')}` : '';
    return what || more ? `${label}: ${what}${more}` : label;
  }
  const shown = named.slice(0, NAMED).join('; ');
  return `${label}: ${shown}${named.length > NAMED ? `; and ${named.length - NAMED} more` : ''}`;
}
