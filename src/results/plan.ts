import { z } from 'zod';

/** Which suites the run ran and skipped, and why (src/pipeline/plan). */
export const PlanSchema = z.object({
  full: z.boolean(),
  reason: z.string().optional(),
  suites: z.array(z.object({ name: z.string(), run: z.boolean(), reason: z.string() })),
});
export type PlanResult = z.infer<typeof PlanSchema>;

/** One triaged anomaly: an exported event or one the run found itself (a comparison finding). */
export const TriageRowSchema = z.object({
  time: z.string(),
  level: z.number().int().min(1).max(5),
  message: z.string(),
  suites: z.array(z.string()),
  action: z.enum(['escalate', 'queue']),
  source: z.enum(['events', 'run']).optional(),
});
export type TriageRowResult = z.infer<typeof TriageRowSchema>;

/**
 * This run's triage, and the queue of lower-level anomalies it carries: saved with the run in the
 * baseline store, drained (and listed under `drained`) by the next scheduled run.
 */
export const TriageSchema = z.object({
  rows: z.array(TriageRowSchema),
  escalated: z.boolean(),
  queue: z.array(TriageRowSchema),
  drained: z.array(TriageRowSchema).optional(),
});
export type TriageResult = z.infer<typeof TriageSchema>;
