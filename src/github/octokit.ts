import { Octokit } from 'octokit';

/** `octokit`'s Octokit already carries REST methods, pagination, throttling and retry. */
export type GitHubClient = Octokit;

/** Errors that will not change on a retry: bad request, auth, permission, gone, validation. */
export const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 451];

/** Default overall time limit of one client: a hung API never hangs the job. */
export const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export interface ClientOptions {
  token?: string;
  /** API root; defaults to GITHUB_API_URL (GitHub Enterprise Server) or api.github.com. */
  baseUrl?: string;
  /** Warnings (rate limits hit, retries): core.warning in the action, stderr in the CLI. */
  log?: (message: string) => void;
  /** Retries of 5xx/429 and after a rate limit; tests set 0 to fail fast. */
  maxRetries?: number;
  /** Overall limit for every request of this client together, in ms. */
  timeoutMs?: number;
}

/**
 * The one GitHub client factory, for baselines and reporting: retries 5xx and 429, waits out rate
 * limits, never retries 4xx that will not change, and gives up after an overall time limit.
 */
export function githubClient(options: ClientOptions): GitHubClient {
  const log = options.log ?? (() => {});
  const maxRetries = options.maxRetries ?? 2;
  const limit = (kind: string) =>
    ((retryAfter: number, opts: { method: string; url: string }, _o: unknown, retryCount: number) => {
      const retrying = retryCount < maxRetries;
      log(
        `GitHub ${kind} on ${opts.method} ${opts.url}; ${retrying ? `retrying in ${retryAfter}s` : 'giving up'}`,
      );
      return retrying;
    }) as (retryAfter: number, options: object, octokit: Octokit, retryCount: number) => boolean;
  return new Octokit({
    ...(options.token ? { auth: options.token } : {}),
    baseUrl: (options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: 'open-autoglm-ci',
    log: { debug: () => {}, info: () => {}, warn: log, error: log },
    retry: { doNotRetry: DO_NOT_RETRY, retries: maxRetries },
    throttle: { onRateLimit: limit('rate limit'), onSecondaryRateLimit: limit('secondary rate limit') },
    request: { signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) },
  });
}
