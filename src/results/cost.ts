import { z } from 'zod';

/** What this run cost: compute seconds per stage and model, priced with the config's `cost:`. */
export const CostSchema = z.object({
  currency: z.string(),
  runnerPerHour: z.number(),
  stages: z.array(z.object({ stage: z.string(), seconds: z.number(), cost: z.number() })),
  models: z.array(
    z.object({
      suite: z.string(),
      model: z.string(),
      /** Load plus inference time. */
      seconds: z.number(),
      inferences: z.number().int(),
      cost: z.number(),
      per1kInferences: z.number(),
      /** The same model's cost per 1,000 inferences in the baseline run, when it has one. */
      baselinePer1k: z.number().optional(),
      /** For an int8 copy: its original's cost per 1,000 inferences in this run. */
      originalPer1k: z.number().optional(),
    }),
  ),
  total: z.number(),
});
export type CostResult = z.infer<typeof CostSchema>;
