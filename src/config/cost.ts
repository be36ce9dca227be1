import { z } from 'zod';

const price = (what: string) =>
  z
    .number({ error: `expected a non-negative number (${what})` })
    .nonnegative({ error: `expected a non-negative number (${what})` });

/** The `cost:` section of `autoglm.yml`: what compute costs, so the report can price each run. */
export const CostConfigSchema = z.strictObject({
  runner_per_hour: price('price per runner hour').describe('Price of one runner hour, in `currency`.'),
  per_1k_tokens: price('price per 1,000 tokens')
    .optional()
    .describe('Price of 1,000 tokens for endpoint models, when they report tokens.'),
  currency: z
    .string({ error: 'expected a currency code such as USD' })
    .min(1)
    .default('USD')
    .describe('Currency of the prices, shown in the report.'),
});
export type CostConfig = z.infer<typeof CostConfigSchema>;
