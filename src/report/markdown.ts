import type { GateOutcome, Results, Verdict } from '../results/schema.js';
import { renderComparison } from './comparison.js';
import { renderCoverageMarkdown } from './coverage.js';
import { escapeMarkdown, inlineCode } from './escape.js';
import { fmtNum, fmtPct, quantizationDeltas, sideBySideColumns } from './format.js';
import { renderCostMarkdown, renderPlanMarkdown, renderTriageMarkdown } from './plan.js';
import { renderTestgenMarkdown } from './testgen.js';

/** Marks our sticky comment / MR note so later runs update it instead of adding another. */
export const REPORT_MARKER = '<!-- autoglm-report -->';

const VERDICT_LABEL: Record<Verdict, string> = {
  pass: '✅ pass',
  warning: '⚠️ warning',
  regression: '❌ regression',
};

/** Code span inside a table cell, where `|` must be escaped. */
const cellCode = (text: string): string => inlineCode(text, { table: true });

function table(headers: string[], numeric: boolean[], rows: string[][]): string {
  const align = numeric.map((n) => (n ? '---:' : ':---'));
  return [headers, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function gateValue(o: GateOutcome): string {
  if (o.value === null) return 'not measured';
  return fmtNum(o.value);
}

function gateRule(o: GateOutcome): string {
  const parts: string[] = [];
  if (o.min !== undefined) parts.push(`≥ ${o.min}`);
  if (o.max !== undefined) parts.push(`≤ ${o.max}`);
  return parts.join(' and ');
}

const STATUS_ICON = { pass: '✅', fail: '❌', missing: '⚠️' } as const;

/** The whole report as GitHub/GitLab-flavoured markdown. Every untrusted string is escaped. */
export function renderMarkdown(results: Results, options: { title?: string } = {}): string {
  const out: string[] = [REPORT_MARKER];
  out.push(`## ${escapeMarkdown(options.title ?? 'Open-AutoGLM CI')}: ${VERDICT_LABEL[results.verdict]}`);
  const failed = results.gates.filter((g) => g.status === 'fail');
  if (failed.length) {
    out.push(
      '',
      `${failed.length} gate${failed.length === 1 ? '' : 's'} failed: ${failed
        .map(
          (g) => `${inlineCode(g.metric)} of ${inlineCode(g.model)} is ${gateValue(g)}, needs ${gateRule(g)}`,
        )
        .join('; ')}.`,
    );
  }
  for (const suite of results.suites) {
    out.push('', `### Suite ${inlineCode(suite.name)}`);
    const source =
      suite.dataset.kind === 'jsonl'
        ? inlineCode(suite.dataset.source)
        : `synthetic ${inlineCode(suite.dataset.source)} (seed ${suite.dataset.seed})`;
    out.push('', `${suite.dataset.samples} samples from ${source}.`, '');
    const cols = sideBySideColumns(suite);
    out.push(
      table(
        cols.map((c) => c.header),
        cols.map((c) => c.numeric),
        suite.models.map((m) =>
          cols.map((c, i) => (i === 0 ? cellCode(c.cell(m)) : escapeMarkdown(c.cell(m)))),
        ),
      ),
    );
    const deltas = quantizationDeltas(suite);
    if (deltas.length) {
      out.push('', '**Int8 weight quantization**', '', ...deltas.map((d) => `- ${escapeMarkdown(d)}`));
    }
    if (suite.agreement.length) {
      out.push(
        '',
        '**Output agreement** (label-free, same inputs)',
        '',
        table(
          ['models', 'top-1 agreement', 'output', 'max abs diff', 'mean abs diff'],
          [false, true, false, true, true],
          suite.agreement.flatMap((a) =>
            a.outputs.map((o, i) => [
              i === 0 ? `${cellCode(a.a)} vs ${cellCode(a.b)}` : '',
              i === 0 ? fmtPct(a.top1) : '',
              cellCode(o.name),
              fmtNum(o.maxAbsDiff, 3),
              fmtNum(o.meanAbsDiff, 3),
            ]),
          ),
        ),
      );
    }
    const details = suite.models
      .map(
        (m) =>
          `${inlineCode(m.name)}: p50 ${fmtNum(m.metrics.latency.p50Ms, 3)} ms, p99 ${fmtNum(m.metrics.latency.p99Ms, 3)} ms, batch ${m.batchSize}${m.batched ? '' : ' (per sample)'}, ${m.threads.intraOp} intra-op thread${m.threads.intraOp === 1 ? '' : 's'}, ${m.warmupRuns} warm-up runs excluded`,
      )
      .map((l) => `- ${l}`);
    out.push('', '<details><summary>Latency details</summary>', '', ...details, '', '</details>');
  }
  out.push(...renderPlanMarkdown(results.plan));
  out.push(...renderTriageMarkdown(results.triage));
  out.push(...renderCostMarkdown(results.cost));
  if (results.coverage) out.push('', renderCoverageMarkdown(results.coverage, { level: 3 }));
  if (results.testgen) out.push('', renderTestgenMarkdown(results.testgen));
  if (results.comparison) out.push('', ...renderComparison(results.comparison));
  if (results.gates.length) {
    out.push(
      '',
      '### Gates',
      '',
      table(
        ['', 'metric', 'suite', 'model', 'value', 'rule', 'mode'],
        [false, false, false, false, true, false, false],
        results.gates.map((g) => [
          STATUS_ICON[g.status],
          cellCode(g.metric),
          cellCode(g.suite),
          cellCode(g.model),
          gateValue(g),
          gateRule(g),
          g.mode,
        ]),
      ),
    );
  }
  const env = results.environment;
  const where = [results.provenance.sha?.slice(0, 12), results.provenance.ref]
    .filter(Boolean)
    .map((s) => inlineCode(s as string));
  out.push(
    '',
    `<sub>${escapeMarkdown(`open-autoglm-ci ${results.tool.version} · ${env.cpu} × ${env.cores} · Node ${env.node}${env.onnxruntime ? ` · onnxruntime ${env.onnxruntime}` : ''}`)}${where.length ? ` · ${where.join(' ')}` : ''}</sub>`,
    '',
  );
  return out.join('\n');
}
