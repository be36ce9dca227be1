import { z } from 'zod';

/** Which suites the run ran and skipped, and why (src/pipeline/plan). */
export const PlanSchema = z.object({
  full: z.boolean(),
  reason: z.string().optional(),
  suites: z.array(z.object({ name: z.string(), run: z.boolean(), reason: z.string() })),
});
export type PlanResult = z.infer<typeof PlanSchema>;
