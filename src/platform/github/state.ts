import { z } from 'zod';

/**
 * What a later `/autoglm` command needs to redo the report without running PR code: which run's
 * artifact holds the results, the check's name, the sticky key and the settings. Kept as a hidden
 * base64 line in our own comment (found by author, so nobody else can plant one).
 */
export const StateSchema = z.object({
  runId: z.number().int().positive().optional(),
  headSha: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .optional(),
  checkName: z.string().max(200),
  stickyKey: z.string().max(500),
  failOn: z.enum(['regression', 'warning', 'never']),
  comment: z.enum(['always', 'on-change', 'on-regression', 'never']),
});
export type State = z.infer<typeof StateSchema>;

const STATE_RE = /<!-- autoglm-state: ([A-Za-z0-9+/=]*) -->/;

export function stateMarker(state: State): string {
  return `<!-- autoglm-state: ${Buffer.from(JSON.stringify(state), 'utf8').toString('base64')} -->`;
}

export function readState(body: string): State | undefined {
  const m = STATE_RE.exec(body);
  if (!m) return undefined;
  try {
    const parsed = StateSchema.safeParse(JSON.parse(Buffer.from(m[1] as string, 'base64').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
