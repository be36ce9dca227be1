import { z } from 'zod';

/**
 * A gate's allowed worsening: a non-negative number is absolute (in the metric's unit), a string
 * such as `"5%"` is relative to the baseline's value. `help` is the message for anything else.
 */
export function thresholdSchema(help: string) {
  return z
    .union(
      [z.number().nonnegative({ error: help }), z.string().regex(/^\s*\d+(\.\d+)?\s*%\s*$/, { error: help })],
      { error: help },
    )
    .transform((v) =>
      typeof v === 'number'
        ? { amount: v, relative: false, text: String(v) }
        : { amount: Number.parseFloat(v) / 100, relative: true, text: v.trim() },
    );
}
