import type { GateOutcome, Results } from '../results/schema.js';
import { comparisonLines } from './comparison.js';
import { renderCoverageTerminal } from './coverage.js';
import { fmtNum, fmtPct, quantizationDeltas, sideBySideColumns } from './format.js';
import { gateSummary, topFindings } from './headline.js';
import { renderLlmTerminal } from './llm.js';
import { renderTestgenTerminal } from './testgen.js';
import { textTable } from './text-table.js';

/** Strip control characters so a model name cannot move the cursor or recolour the terminal. */
const clean = (s: string): string => s.replace(/\p{Cc}/gu, '?');

const GATE_WORD: Partial<Record<GateOutcome['status'], string>> = {
  missing: 'MISSING',
  'not applicable': 'N/A',
  'not evaluated': 'NOT EVALUATED',
};

/** `Verdict: regression — accuracy of digits-v2 −4.0 pp (gate max_drop 1 pp); ...`. */
export function verdictLine(results: Results): string {
  const named = topFindings(results);
  const shown = named.slice(0, 3).join('; ') + (named.length > 3 ? `; and ${named.length - 3} more` : '');
  return `Verdict: ${results.verdict}${named.length ? ` — ${clean(shown)}` : ''}`;
}

/** The human output of `autoglm run` / `autoglm eval`: one side-by-side table per suite. */
export function renderTerminal(results: Results): string {
  const out: string[] = [];
  for (const suite of results.suites) {
    out.push(
      `Suite ${clean(suite.name)}: ${suite.dataset.samples} samples (${clean(suite.dataset.source)})`,
      '',
    );
    const cols = sideBySideColumns(suite);
    out.push(
      textTable(
        cols.map((c) => c.header),
        cols.map((c) => c.numeric),
        suite.models.map((m) => cols.map((c) => clean(c.cell(m)))),
      ),
    );
    for (const e of suite.excluded ?? []) out.push(clean(`Not run in this suite: ${e.model}, ${e.reason}.`));
    for (const d of quantizationDeltas(suite)) out.push('', clean(d));
    if (suite.agreement.length) {
      out.push('', 'Output agreement:');
      for (const a of suite.agreement) {
        const outs = a.outputs.map(
          (o) => `${o.name} max|Δ| ${fmtNum(o.maxAbsDiff, 3)} mean|Δ| ${fmtNum(o.meanAbsDiff, 3)}`,
        );
        out.push(`  ${clean(a.a)} vs ${clean(a.b)}: top-1 ${fmtPct(a.top1)}; ${clean(outs.join('; '))}`);
      }
    }
    out.push('');
  }
  if (results.llm?.length) out.push(...renderLlmTerminal(results.llm).trimEnd().split('\n').map(clean), '');
  for (const g of results.gates.filter((x) => x.status !== 'pass')) {
    const rule = `${g.min !== undefined ? ` (min ${g.min})` : ''}${g.max !== undefined ? ` (max ${g.max})` : ''}${g.rule ? ` (${g.rule})` : ''}`;
    const value =
      g.status === 'not applicable' || g.status === 'not evaluated' || (g.status === 'missing' && g.reason)
        ? (g.reason ?? '')
        : g.value === null
          ? 'not measured'
          : fmtNum(g.value);
    out.push(
      `${GATE_WORD[g.status] ?? (g.mode === 'block' ? 'FAIL' : 'WARN')} gate ${clean(g.metric)} ${clean(g.suite)}/${clean(g.model)}: ${clean(value)}${rule} [${g.mode}]`,
    );
  }
  if (results.coverage)
    out.push(...renderCoverageTerminal(results.coverage).trimEnd().split('\n').map(clean), '');
  if (results.testgen)
    out.push(...renderTestgenTerminal(results.testgen).trimEnd().split('\n').map(clean), '');
  if (results.comparison) out.push(...comparisonLines(results.comparison).map(clean), '');
  out.push(`Gates: ${clean(gateSummary(results))}`, verdictLine(results));
  return `${out.join('\n')}\n`;
}
