import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

/** Throttling sits in front of retry, as GitHub recommends for GITHUB_TOKEN's secondary limits. */
const GitHub = Octokit.plugin(paginateRest, restEndpointMethods, throttling, retry);
export type GitHubClient = InstanceType<typeof GitHub>;

export interface ClientOptions {
  token?: string;
  baseUrl?: string;
  /** Warnings (rate limits hit, retries): core.warning in the action, stderr in the CLI. */
  log?: (message: string) => void;
  /** Retries after a rate limit; tests set 0 to fail fast. */
  maxRetries?: number;
}

/** The one GitHub client factory: retries 5xx, waits out rate limits, never retries 4xx that will not change. */
export function githubClient(options: ClientOptions): GitHubClient {
  const log = options.log ?? (() => {});
  const maxRetries = options.maxRetries ?? 2;
  return new GitHub({
    auth: options.token,
    baseUrl: options.baseUrl ?? 'https://api.github.com',
    userAgent: 'open-autoglm-ci',
    log: { debug: () => {}, info: () => {}, warn: log, error: log },
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451], retries: maxRetries },
    throttle: {
      onRateLimit: (
        retryAfter: number,
        opts: { method: string; url: string },
        _o: unknown,
        retryCount: number,
      ) => {
        log(`GitHub rate limit on ${opts.method} ${opts.url}; retrying in ${retryAfter}s`);
        return retryCount < maxRetries;
      },
      onSecondaryRateLimit: (
        retryAfter: number,
        opts: { method: string; url: string },
        _o: unknown,
        retryCount: number,
      ) => {
        log(`GitHub secondary rate limit on ${opts.method} ${opts.url}; retrying in ${retryAfter}s`);
        return retryCount < maxRetries;
      },
    },
  });
}
