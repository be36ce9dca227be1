import { createHash } from 'node:crypto';
import type { Finding } from '../results/comparison.js';
import type { GateOutcome, Results } from '../results/schema.js';
import { fmtNum } from './format.js';

/** One issue of a GitLab Code Quality report (the subset of the Code Climate spec GitLab reads). */
export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number; end?: number } };
}

/** Our severity levels 1-5 onto GitLab's five names. */
const SEVERITY: CodeQualityIssue['severity'][] = ['info', 'minor', 'major', 'critical', 'blocker'];

export const CHECKS = {
  gate: 'autoglm.gate',
  regression: 'autoglm.regression',
  uncovered: 'autoglm.uncovered-changed-lines',
} as const;

/**
 * Fingerprints name what the finding is about, never its values or line numbers, so the same
 * problem in the next pipeline has the same fingerprint and GitLab can tell new from fixed.
 */
function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

export interface CodeQualityOptions {
  /** Source text of lines [begin, end] of a repo file, to fingerprint uncovered code by content. */
  lineText?: (path: string, begin: number, end: number) => string | undefined;
  /** Where a finding without a file of its own points (the config file). */
  configPath?: string;
}

/** Code Quality issues: failed gates, regressions against the baseline, uncovered changed lines. */
export function renderCodeQuality(results: Results, options: CodeQualityOptions = {}): CodeQualityIssue[] {
  const modelPath = new Map<string, string>();
  for (const s of results.suites) for (const m of s.models) modelPath.set(`${s.name}\u0000${m.name}`, m.path);
  const where = (suite: string, model: string) =>
    modelPath.get(`${suite}\u0000${model}`) ?? options.configPath ?? 'autoglm.yml';
  const issues: CodeQualityIssue[] = [];
  const seen = new Map<string, number>();
  const push = (issue: CodeQualityIssue) => {
    // Two issues with one identity (two uncovered copies of the same line) stay distinct and stable.
    const n = seen.get(issue.fingerprint) ?? 0;
    seen.set(issue.fingerprint, n + 1);
    issues.push(n === 0 ? issue : { ...issue, fingerprint: fingerprint(issue.fingerprint, String(n)) });
  };

  const gated = new Set<string>();
  for (const f of results.comparison?.findings ?? []) {
    if (f.outcome !== 'regression') continue;
    gated.add(`${f.suite}\u0000${f.model}\u0000${f.metric}`);
    push(regressionIssue(f, where(f.suite, f.model)));
  }
  for (const g of results.gates) {
    if (
      (g.status !== 'fail' && g.status !== 'missing') ||
      gated.has(`${g.suite}\u0000${g.model}\u0000${g.metric}`)
    )
      continue;
    push(gateIssue(g, where(g.suite, g.model)));
  }
  for (const file of results.coverage?.patch?.files ?? []) {
    for (const r of file.uncovered) {
      const text = options.lineText?.(file.path, r.start, r.end);
      const lines = r.start === r.end ? `line ${r.start}` : `lines ${r.start}-${r.end}`;
      push({
        description: `Changed ${lines} not covered by any test`,
        check_name: CHECKS.uncovered,
        fingerprint: fingerprint(
          CHECKS.uncovered,
          file.path,
          text === undefined ? `${r.start}-${r.end}` : normaliseCode(text),
        ),
        severity: 'minor',
        location: {
          path: file.path,
          lines: { begin: r.start, ...(r.end !== r.start ? { end: r.end } : {}) },
        },
      });
    }
  }
  return issues;
}

/** Whitespace changes (re-indenting) do not make an uncovered block a new finding. */
function normaliseCode(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
}

function regressionIssue(f: Finding, path: string): CodeQualityIssue {
  const base = f.base === null ? 'n/a' : fmtNum(f.base);
  const current = f.current === null ? 'n/a' : fmtNum(f.current);
  return {
    description: `${f.metric} of model ${f.model} (suite ${f.suite}) regressed: ${base} -> ${current}${f.rule ? ` (${f.rule})` : ''}; ${f.reason}`,
    check_name: CHECKS.regression,
    fingerprint: fingerprint(CHECKS.regression, f.suite, f.model, f.metric),
    severity: f.mode === 'info' ? 'info' : (SEVERITY[f.severity - 1] ?? 'major'),
    location: { path, lines: { begin: 1 } },
  };
}

function gateIssue(g: GateOutcome, path: string): CodeQualityIssue {
  const rule = [g.min !== undefined ? `>= ${g.min}` : '', g.max !== undefined ? `<= ${g.max}` : '']
    .filter(Boolean)
    .join(' and ');
  const value = g.value === null ? 'not measured' : fmtNum(g.value);
  return {
    description: `gate ${g.metric} of model ${g.model} (suite ${g.suite}) ${g.status === 'missing' ? 'has no value' : 'failed'}: ${value}, needs ${rule}`,
    check_name: CHECKS.gate,
    fingerprint: fingerprint(CHECKS.gate, g.suite, g.model, g.metric),
    severity: g.mode === 'block' ? 'major' : g.mode === 'warn' ? 'minor' : 'info',
    location: { path, lines: { begin: 1 } },
  };
}
