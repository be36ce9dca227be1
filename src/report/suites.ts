import type { GateOutcome, Results } from '../results/schema.js';
import { escapeMarkdown, inlineCode } from './escape.js';
import { fmtMs, fmtNum, fmtPct, quantizationDeltas, sideBySideColumns } from './format.js';

/** Code span inside a table cell, where `|` must be escaped. */
const cellCode = (text: string): string => inlineCode(text, { table: true });

export function table(headers: string[], numeric: boolean[], rows: string[][]): string {
  const align = numeric.map((n) => (n ? '---:' : ':---'));
  return [headers, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

export function gateValue(o: GateOutcome): string {
  if (o.status === 'not evaluated' || o.status === 'not applicable') return `${o.status}: ${o.reason ?? ''}`;
  if (o.value === null) return 'not measured';
  return fmtNum(o.value);
}

export function gateRule(o: GateOutcome): string {
  const parts: string[] = [];
  if (o.min !== undefined) parts.push(`≥ ${o.min}`);
  if (o.max !== undefined) parts.push(`≤ ${o.max}`);
  return parts.join(' and ') || (o.rule ?? '');
}

const STATUS_ICON = {
  pass: '✅',
  fail: '❌',
  missing: '⚠️',
  'not applicable': '➖',
  'not evaluated': '⚪',
} as const;

/** The model A/B tables: one side-by-side table per suite, quantization deltas, agreement, latency details. */
export function renderSuites(results: Results): string[] {
  const out: string[] = [];
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
    for (const e of suite.excluded ?? [])
      out.push('', escapeMarkdown(`Not run in this suite: ${e.model}, ${e.reason}.`));
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
          `${inlineCode(m.name)}: p50 ${fmtMs(m.metrics.latency.p50Ms)}, p99 ${fmtMs(m.metrics.latency.p99Ms)}, ${
            m.threads
              ? `batch ${m.batchSize}${m.batched ? '' : ' (per sample)'}, ${m.threads.intraOp} intra-op thread${m.threads.intraOp === 1 ? '' : 's'}, ${m.warmupRuns} warm-up runs excluded`
              : `endpoint ${escapeMarkdown(m.endpoint ?? m.path)}, one request per row, ${m.concurrency ?? 1} in flight (request to last byte)`
          }`,
      )
      .map((l) => `- ${l}`);
    out.push('', '<details><summary>Latency details</summary>', '', ...details, '', '</details>');
  }
  return out.slice(1);
}

/** Every gate with its value and rule; nothing at all when no gate is set. */
export function renderGates(gates: readonly GateOutcome[]): string[] {
  if (!gates.length) return [];
  return [
    table(
      ['', 'metric', 'suite', 'model', 'value', 'rule', 'mode'],
      [false, false, false, false, true, false, false],
      gates.map((g) => [
        g.accepted ? '☑️' : STATUS_ICON[g.status],
        cellCode(g.metric),
        cellCode(g.suite),
        cellCode(g.model),
        escapeMarkdown(gateValue(g)),
        escapeMarkdown(gateRule(g)),
        g.accepted ? `${g.mode} (accepted)` : g.mode,
      ]),
    ),
  ];
}
