/** Errors of one attempt, classified for the retry loop. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    /** The server's Retry-After / retry-after-ms hint. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Statuses worth another attempt: throttling, timeouts and server-side failures. */
const RETRYABLE = new Set([408, 409, 425, 429, 500, 502, 503, 504]);
export const isRetryableStatus = (status: number): boolean => RETRYABLE.has(status);

/**
 * The wait a server asked for: `retry-after-ms` (OpenAI's precise header) first, then
 * `Retry-After` as seconds or an HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Number(ms);
  const ra = headers.get('retry-after');
  if (ra === null) return undefined;
  if (/^\d+$/.test(ra.trim())) return Number(ra) * 1000;
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
}

/**
 * Delay before attempt `attempt + 1`: the server's hint plus up to 10% jitter, else exponential
 * backoff with full jitter in [50%, 100%] so concurrent clients do not retry in lockstep.
 */
export function backoffMs(attempt: number, hintMs: number | undefined, options: BackoffOptions = {}): number {
  const random = options.random ?? Math.random;
  const max = options.maxMs ?? 60_000;
  if (hintMs !== undefined) return Math.min(max, hintMs * (1 + 0.1 * random()));
  const base = options.baseMs ?? 200;
  const exp = Math.min(max, base * 2 ** attempt);
  return exp * (0.5 + 0.5 * random());
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
