import { z } from 'zod';

/**
 * An accepted regression, recorded by `/autoglm accept <metric|model|all> [reason]` in a pull
 * request comment by someone with write permission: who, when, why and which findings.
 */
export const WaiverSchema = z.object({
  /** What was accepted: a metric (`accuracy`), a model name, or `all`. */
  target: z.string(),
  /** GitHub login of the commenter (write permission checked through the API). */
  by: z.string(),
  /** ISO time of the comment. */
  at: z.string(),
  reason: z.string().optional(),
  /** The findings and failed gates it covered when recorded, as `model metric`. */
  findings: z.array(z.string()),
  /** Link to the comment that recorded it. */
  url: z.string().optional(),
});
export type Waiver = z.infer<typeof WaiverSchema>;
