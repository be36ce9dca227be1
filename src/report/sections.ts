import type { Finding } from '../results/comparison.js';
import type { Results } from '../results/schema.js';
import {
  baselineLine,
  changeText,
  FINDING_HEADER,
  findingRow,
  isNotable,
  isUnjudged,
  reasonLines,
  sortFindings,
} from './comparison.js';
import { renderCoverageMarkdown } from './coverage.js';
import { escapeMarkdown, inlineCode } from './escape.js';
import { gateSummary, headline, topFindings } from './headline.js';
import { renderLlmMarkdown } from './llm.js';
import { renderCostMarkdown, renderPlanMarkdown, renderTriageMarkdown } from './plan.js';
import { gateRule, gateValue, renderGates, renderSuites } from './suites.js';
import { renderTestgenMarkdown } from './testgen.js';
import { renderTrend } from './trend.js';

/**
 * The report as a list of sections, each a pure function of the results document with a cut
 * priority: the full report renders them all; the budgeted comment (comment.ts) collapses and
 * cuts them by priority. To add a section (LLM suites, plans, cost), append one to SECTIONS.
 */

export type ReportMode = 'full' | 'comment';

export interface SectionContext {
  results: Results;
  mode: ReportMode;
  /** Report title (config `report.title`), untrusted. */
  title: string;
}

export interface RenderedSection {
  /** Summary of the `<details>` the section folds into in the comment; absent: shown open. */
  summary?: string;
  /** Also fold it in the full report. */
  foldInFull?: boolean;
  lines: string[];
}

export interface ReportSection {
  id: string;
  /** Under a tight budget the highest priority number is cut first; 0 is never cut. */
  priority: number;
  render(ctx: SectionContext): RenderedSection | undefined;
}

/** Rows of the findings table in the comment; the full report lists all. */
const MAX_COMMENT_ROWS = 100;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Regressions that count for the verdict: gated, not accepted. */
export function countingRegressions(results: Results): Finding[] {
  return (results.comparison?.findings ?? []).filter(
    (f) => f.outcome === 'regression' && f.mode !== 'info' && !f.accepted,
  );
}

function failedGates(results: Results) {
  return results.gates.filter((g) => g.status === 'fail' && !g.accepted);
}

/** One plain-text line for titles (check run, notifications): verdict and what drove it, named. */
export function headlineText(results: Results): string {
  const named = topFindings(results);
  if (named.length)
    return `${results.verdict}: ${named.slice(0, 3).join('; ')}${named.length > 3 ? `; and ${named.length - 3} more` : ''}`;
  const gates = failedGates(results);
  const regs = countingRegressions(results);
  const parts: string[] = [];
  if (gates.length) parts.push(`${plural(gates.length, 'gate')} failed`);
  if (regs.length) parts.push(`${plural(regs.length, 'regression')} against the baseline`);
  const accepted = (results.comparison?.findings ?? []).filter((f) => f.accepted).length;
  if (accepted) parts.push(`${accepted} accepted`);
  if (!parts.length) {
    const better = (results.comparison?.findings ?? []).filter((f) => f.outcome === 'improvement').length;
    parts.push(
      results.comparison?.baseline ? 'no regressions against the baseline' : 'no baseline to compare with',
    );
    if (better) parts.push(plural(better, 'improvement'));
  }
  return `${results.verdict}: ${parts.join(', ')}`;
}

const header: ReportSection = {
  id: 'header',
  priority: 0,
  render({ results, title }) {
    const out = [
      `## ${escapeMarkdown(title)}: ${escapeMarkdown(headline(results))}`,
      '',
      `Gates: ${escapeMarkdown(gateSummary(results))}.`,
    ];
    const failed = failedGates(results);
    if (failed.length) {
      out.push(
        '',
        `${plural(failed.length, 'gate')} failed: ${failed
          .map(
            (g) =>
              `${inlineCode(g.metric)} of ${inlineCode(g.model)} is ${gateValue(g)}, needs ${gateRule(g)}`,
          )
          .join('; ')}.`,
      );
    }
    const regs = countingRegressions(results);
    if (regs.length) {
      const shown = regs
        .slice(0, 3)
        .map((f) => `${inlineCode(f.metric)} of ${inlineCode(f.model)} ${changeText(f)} (${f.mode})`);
      out.push(
        '',
        `**${plural(regs.length, 'regression')}** against the baseline: ${shown.join('; ')}${regs.length > 3 ? `; and ${regs.length - 3} more` : ''}.`,
      );
    }
    if (results.comparison) out.push('', baselineLine(results.comparison));
    return { lines: out };
  },
};

const findings: ReportSection = {
  id: 'findings',
  priority: 0,
  render({ results, mode }) {
    const c = results.comparison;
    if (!c) return undefined;
    const all = sortFindings(c.findings.filter(isNotable));
    // The comment keeps the worst rows; the full report has every one.
    const notable = mode === 'comment' ? all.slice(0, MAX_COMMENT_ROWS) : all;
    const out = ['### Regressions and improvements', ''];
    // Nothing moved: the header already says so.
    if (!notable.length) return undefined;
    out.push(`Overall: **${c.outcome}**.`, '', ...FINDING_HEADER, ...notable.map(findingRow));
    if (all.length > notable.length)
      out.push('', `… and ${all.length - notable.length} more in the full report.`);
    out.push('', '<details><summary>Why</summary>', '', ...reasonLines(notable), '', '</details>');
    return { lines: out };
  },
};

const waivers: ReportSection = {
  id: 'waivers',
  priority: 0,
  render({ results }) {
    if (!results.waivers?.length) return undefined;
    return {
      lines: [
        '### Accepted for this pull request',
        '',
        ...results.waivers.map(
          (w) =>
            `- ${inlineCode(w.target)} accepted by ${inlineCode(`@${w.by}`)} at ${escapeMarkdown(w.at)}${w.reason ? `: ${escapeMarkdown(w.reason)}` : ''} (${w.findings.length ? w.findings.map((f) => inlineCode(f)).join(', ') : 'no current finding'})`,
        ),
      ],
    };
  },
};

const suites: ReportSection = {
  id: 'suites',
  priority: 2,
  render({ results }) {
    if (!results.suites.length) return undefined;
    const models = results.suites.reduce((n, s) => n + s.models.length, 0);
    return {
      summary: `Models side by side: ${plural(models, 'model')} in ${plural(results.suites.length, 'suite')}`,
      lines: renderSuites(results),
    };
  },
};

const llm: ReportSection = {
  id: 'llm',
  priority: 2,
  render({ results }) {
    const l = results.llm;
    if (!l?.length) return undefined;
    const models = l.reduce((n, s) => n + s.models.length, 0);
    return {
      summary: `LLM suites: ${plural(models, 'model')} in ${plural(l.length, 'suite')}`,
      lines: [renderLlmMarkdown(l).trimEnd()],
    };
  },
};

/** Plan, triage and cost sections render their own headings; drop their leading blank line. */
function runSection(
  id: string,
  priority: number,
  summary: string,
  lines: (results: Results) => string[],
): ReportSection {
  return {
    id,
    priority,
    render({ results }) {
      const out = lines(results);
      while (out[0] === '') out.shift();
      return out.length ? { summary, lines: out } : undefined;
    },
  };
}

const plan = runSection('plan', 6, 'Run plan: suites run and skipped', (r) => renderPlanMarkdown(r.plan));
const triage = runSection('triage', 3, 'Triage of anomaly events', (r) => renderTriageMarkdown(r.triage));
const cost = runSection('cost', 6, 'Cost of this run', (r) => renderCostMarkdown(r.cost));

const coverage: ReportSection = {
  id: 'coverage',
  priority: 3,
  render({ results }) {
    const c = results.coverage;
    if (!c) return undefined;
    const patch = c.patch?.lines;
    return {
      summary: `Coverage${patch?.total ? `: patch ${patch.covered}/${patch.total} changed lines covered` : ''}`,
      lines: [renderCoverageMarkdown(c, { level: 3 })],
    };
  },
};

const testgen: ReportSection = {
  id: 'testgen',
  priority: 4,
  render({ results }) {
    const t = results.testgen;
    if (!t) return undefined;
    const changes = t.behaviourChanges.length;
    return {
      summary: `Generated tests: ${plural(t.totals.tests, 'test')}${changes ? `, ${plural(changes, 'behaviour change')}` : ''}`,
      lines: [renderTestgenMarkdown(t).trimEnd()],
    };
  },
};

const trend: ReportSection = {
  id: 'trend',
  priority: 5,
  render({ results }) {
    const t = results.comparison?.trend;
    if (!t?.length) return undefined;
    return {
      summary: `Trend over the stored history (${plural(t[0]?.points.length ?? 0, 'run')})`,
      lines: ['### Trend', '', ...renderTrend(t)],
    };
  },
};

const notes: ReportSection = {
  id: 'notes',
  priority: 1,
  render({ results }) {
    const n = results.comparison?.notes ?? [];
    if (!n.length) return undefined;
    return { lines: n.map((x) => `> ${escapeMarkdown(x)}`).flatMap((l, i) => (i ? ['>', l] : [l])) };
  },
};

const unjudged: ReportSection = {
  id: 'unjudged',
  priority: 6,
  render({ results }) {
    const list = sortFindings(
      (results.comparison?.findings ?? []).filter((f) => isUnjudged(f) && !isNotable(f)),
    );
    if (!list.length) return undefined;
    return {
      summary: `${plural(list.length, 'metric')} not compared or inconclusive (neutral, not a pass)`,
      foldInFull: true,
      lines: [...FINDING_HEADER, ...list.map(findingRow), '', ...reasonLines(dedupeReasons(list))],
    };
  },
};

/** One reason line per distinct reason shape: "not compared" reasons repeat per metric. */
function dedupeReasons(list: Finding[]): Finding[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    const k = `${f.model} ${f.outcome}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const unchanged: ReportSection = {
  id: 'unchanged',
  priority: 7,
  render({ results }) {
    const list = (results.comparison?.findings ?? []).filter((f) => !isNotable(f) && !isUnjudged(f));
    if (!list.length) return undefined;
    return {
      summary: `${plural(list.length, 'other metric')} without a notable change`,
      foldInFull: true,
      lines: [...FINDING_HEADER, ...sortFindings(list).map(findingRow)],
    };
  },
};

const gates: ReportSection = {
  id: 'gates',
  priority: 8,
  render({ results }) {
    const lines = renderGates(results.gates);
    if (!lines.length) return undefined;
    const failed = results.gates.filter((g) => g.status !== 'pass').length;
    return {
      summary: `Gates: ${results.gates.length - failed} of ${results.gates.length} pass`,
      lines: ['### Gates', '', ...lines],
    };
  },
};

const footer: ReportSection = {
  id: 'footer',
  priority: 0,
  render({ results }) {
    const env = results.environment;
    const where = [results.provenance.sha?.slice(0, 12), results.provenance.ref]
      .filter(Boolean)
      .map((s) => inlineCode(s as string));
    return {
      lines: [
        `<sub>${escapeMarkdown(`open-autoglm-ci ${results.tool.version} · ${env.cpu} × ${env.cores} · Node ${env.node}${env.onnxruntime ? ` · onnxruntime ${env.onnxruntime}` : ''}`)}${where.length ? ` · ${where.join(' ')}` : ''}</sub>`,
      ],
    };
  },
};

/** The report's sections in document order. Add new sections here (one line each). */
export const SECTIONS: ReportSection[] = [
  header,
  waivers,
  findings,
  notes,
  suites,
  llm,
  triage,
  plan,
  cost,
  coverage,
  testgen,
  trend,
  unjudged,
  unchanged,
  gates,
  footer,
];

export interface Rendered {
  section: ReportSection;
  out: RenderedSection;
}

/** Render every section that has something to say, in document order. */
export function renderSections(ctx: SectionContext, sections = SECTIONS): Rendered[] {
  return sections.flatMap((section) => {
    const out = section.render(ctx);
    return out?.lines.length ? [{ section, out }] : [];
  });
}

/** A rendered section as markdown: open, or folded into `<details>`. */
export function sectionMarkdown(r: RenderedSection, fold: boolean): string {
  if (!fold || !r.summary) return r.lines.join('\n');
  return [`<details><summary>${r.summary}</summary>`, '', ...r.lines, '', '</details>'].join('\n');
}
