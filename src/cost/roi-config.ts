import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { makeLocator } from '../config/load.js';
import { UsageError } from '../errors.js';
import type { RoiInput, Variation } from './roi.js';

const amount = z
  .number({ error: 'expected a non-negative number' })
  .nonnegative({ error: 'expected a non-negative number' });
const PARAMETERS = ['yearly_benefit', 'running_cost', 'discount_rate', 'initial_cost'] as const;

/** `roi.yml`: the inputs of the brief's investment model. */
export const RoiConfigSchema = z.strictObject({
  initial_cost: amount,
  yearly_benefit: amount,
  /** Yearly running cost (runners, maintenance). */
  running_cost: amount.default(0),
  /** Yearly discount rate as a fraction (0.05 = 5%). */
  discount_rate: z
    .number({ error: 'expected a rate such as 0.05' })
    .min(0, { error: 'expected a rate between 0 and 1' })
    .max(1, { error: 'expected a rate between 0 and 1' }),
  /** Years to look ahead: past it, "no payback within N years". */
  horizon: z
    .number({ error: 'expected a whole number of years' })
    .int({ error: 'expected a whole number of years' })
    .min(1, { error: 'expected at least 1 year' })
    .max(100, { error: 'expected at most 100 years' })
    .default(10),
  currency: z.string({ error: 'expected a currency code' }).min(1).default('USD'),
  /** One-at-a-time variations; default: benefit -20%/+20%, discount rate 10%, running cost +30%. */
  sensitivity: z
    .array(
      z.strictObject({
        parameter: z.enum(PARAMETERS, { error: `expected one of ${PARAMETERS.join(', ')}` }),
        /** Relative change of an amount (-0.2 = -20%), or the discount rate to try (0.1). */
        change: z.number({ error: 'expected a number (a fraction: -0.2 = -20%)' }),
      }),
      { error: 'expected a list of {parameter, change}' },
    )
    .optional(),
});

const camel = {
  yearly_benefit: 'yearlyBenefit',
  running_cost: 'runningCost',
  discount_rate: 'discountRate',
  initial_cost: 'initialCost',
} as const;

export interface RoiConfig {
  input: RoiInput;
  variations?: Variation[];
  currency: string;
}

/** Parse `roi.yml`; a bad value is an error naming `file:line:col`, the key and what was expected. */
export function parseRoiConfig(text: string, file: string): RoiConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = e ? lines.linePos(e.pos[0]) : { line: 1, col: 1 };
    throw new UsageError(`${file}:${pos.line}:${pos.col}: invalid YAML: ${e?.message.split('\n')[0]}`);
  }
  const parsed = RoiConfigSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = makeLocator(file, doc, lines)((issue?.path ?? []) as Array<string | number>);
    const key = issue?.path.join('.') || 'roi';
    throw new UsageError(`${at}: ${key}: ${issue?.message}`);
  }
  const c = parsed.data;
  return {
    input: {
      initialCost: c.initial_cost,
      yearlyBenefit: c.yearly_benefit,
      runningCost: c.running_cost,
      discountRate: c.discount_rate,
      horizon: c.horizon,
    },
    ...(c.sensitivity
      ? { variations: c.sensitivity.map((v) => ({ parameter: camel[v.parameter], value: v.change })) }
      : {}),
    currency: c.currency,
  };
}

export async function loadRoiConfig(file: string, display = file): Promise<RoiConfig> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${display}: ${e.code === 'ENOENT' ? 'no such file' : e.code}`);
  });
  return parseRoiConfig(text, display);
}
