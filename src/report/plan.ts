import type { PlanResult } from '../results/plan.js';
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
