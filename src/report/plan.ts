import type { CostResult } from '../results/cost.js';
import type { PlanResult, TriageResult } from '../results/plan.js';
import { escapeMarkdown, inlineCode } from './escape.js';

/** The plan section of the markdown report: what ran, what was skipped, and why. */
export function renderPlanMarkdown(plan: PlanResult | undefined): string[] {
  if (!plan) return [];
  const ran = plan.suites.filter((s) => s.run);
  const skipped = plan.suites.filter((s) => !s.run);
  const out = ['', '### Run plan', ''];
  out.push(
    plan.full
      ? `Every suite ran: ${escapeMarkdown(plan.reason ?? 'every suite was affected')}.`
      : `${ran.length} of ${plan.suites.length} suites ran; ${skipped.length} skipped.`,
  );
  if (!plan.full || plan.suites.some((s) => s.reason !== plan.reason)) {
    out.push('', '| suite | ran | why |', '|---|---|---|');
    for (const s of plan.suites) {
      out.push(
        `| ${inlineCode(s.name, { table: true })} | ${s.run ? 'yes' : 'skipped'} | ${escapeMarkdown(s.reason)} |`,
      );
    }
  }
  return out;
}

interface TriageRowLike {
  time: string;
  level: number;
  message: string;
  suites: string[];
  action: string;
}

/** The triage table, for the terminal (plain) or markdown (escaped). */
export function renderTriage(rows: readonly TriageRowLike[], markdown: boolean): string {
  const head = ['time', 'level', 'action', 'suites', 'message'];
  const cells = rows.map((r) => [
    r.time,
    String(r.level),
    r.action === 'escalate' ? 'escalate: full run' : 'queued for the next scheduled run',
    r.suites.length ? r.suites.join(', ') : '(no suite matched)',
    r.message.replace(/[\r\n]+/g, ' ').slice(0, 160),
  ]);
  if (markdown) {
    return [
      '### Triage',
      '',
      `| ${head.join(' | ')} |`,
      `|${head.map(() => '---').join('|')}|`,
      ...cells.map((c) => `| ${c.map(escapeMarkdown).join(' | ')} |`),
    ].join('\n');
  }
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: readonly string[]) =>
    c
      .map((x, i) => x.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** The triage section of the markdown report: the table, what waits in the queue, what was drained. */
export function renderTriageMarkdown(triage: TriageResult | undefined): string[] {
  if (!triage) return [];
  const out = [''];
  if (triage.rows.length) out.push(renderTriage(triage.rows, true));
  else out.push('### Triage');
  out.push('');
  if (triage.escalated) out.push('An anomaly of level 4 or more made this run the full regression run.');
  out.push(
    triage.queue.length
      ? `${triage.queue.length} lower-level anomal${triage.queue.length === 1 ? 'y waits' : 'ies wait'} in the baseline store for the next scheduled run.`
      : 'The queue is empty.',
  );
  if (triage.drained?.length)
    out.push(
      `This scheduled run drained ${triage.drained.length} queued anomal${triage.drained.length === 1 ? 'y' : 'ies'}.`,
    );
  return out;
}

const money = (x: number, currency: string) =>
  `${x < 0.01 && x > 0 ? x.toPrecision(2) : x.toFixed(x < 1 ? 4 : 2)} ${currency}`;

/** The cost section: this run, cost per 1,000 inferences per model, against the baseline and the original. */
export function renderCostMarkdown(cost: CostResult | undefined): string[] {
  if (!cost) return [];
  const c = escapeMarkdown(cost.currency);
  const out = [
    '',
    '### Cost',
    '',
    `This run: ${money(cost.total, c)} at ${cost.runnerPerHour} ${c} per runner hour (${cost.stages
      .map((s) => `${escapeMarkdown(s.stage)} ${s.seconds.toFixed(1)} s`)
      .join(', ')}).`,
    '',
    '| suite | model | inferences | compute s | per 1,000 inferences | vs baseline | vs original |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  const delta = (now: number, then: number | undefined) =>
    then === undefined || then === 0
      ? ''
      : `${now >= then ? '+' : ''}${(((now - then) / then) * 100).toFixed(1)}%`;
  for (const m of cost.models) {
    out.push(
      `| ${inlineCode(m.suite, { table: true })} | ${inlineCode(m.model, { table: true })} | ${m.inferences} | ${m.seconds.toFixed(2)} | ${money(m.per1kInferences, c)} | ${delta(m.per1kInferences, m.baselinePer1k)} | ${delta(m.per1kInferences, m.originalPer1k)} |`,
    );
  }
  return out;
}

/** Plan, triage and cost in a few terminal lines (the markdown report has the tables). */
export function renderPlanTerminal(results: {
  plan?: PlanResult;
  triage?: TriageResult;
  cost?: CostResult;
}): string {
  const out: string[] = [];
  const { plan, triage, cost } = results;
  if (plan && !plan.full) {
    for (const s of plan.suites) out.push(`${s.run ? 'ran    ' : 'skipped'} ${s.name}: ${s.reason}`);
  } else if (plan?.reason) out.push(`Plan: ${plan.reason}`);
  if (triage?.rows.length) out.push('', renderTriage(triage.rows, false));
  const anomalies = (n: number) => `${n} anomal${n === 1 ? 'y' : 'ies'}`;
  if (triage?.queue.length)
    out.push(
      `Queue: ${anomalies(triage.queue.length)} wait${triage.queue.length === 1 ? 's' : ''} for the next scheduled run.`,
    );
  if (triage?.drained?.length) out.push(`Drained ${anomalies(triage.drained.length)} from the queue.`);
  if (cost) out.push(`Cost: ${cost.total.toFixed(4)} ${cost.currency} for this run.`);
  return out.length ? `${out.join('\n')}\n` : '';
}
