import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { branchSegment, CacheStore, cacheDir, cacheServiceProblem } from '../src/baseline/cache-store.js';
import type { RunContext } from '../src/baseline/context.js';
import { results } from './factories.js';

/** The cache store's keys, folder and refusals: what needs no cache service to check. */

const ctx = (over: Partial<RunContext> = {}): RunContext => ({
  platform: 'github',
  event: 'push',
  canSave: true,
  notes: [],
  ...over,
});

describe('cache store without a cache service', () => {
  it('a branch name of up to 200 encoded characters is kept, a longer one hashed', () => {
    expect(branchSegment('x'.repeat(200))).toBe('x'.repeat(200));
    expect(branchSegment('x'.repeat(201))).toMatch(/^%h[0-9a-f]{40}$/);
    // Encoded length counts: 67 slashes are 201 characters once encoded.
    expect(branchSegment('/'.repeat(66))).toBe('%2F'.repeat(66));
    expect(branchSegment('/'.repeat(67))).toMatch(/^%h[0-9a-f]{40}$/);
  });

  it('the cached folder is under the runner temp folder, else the OS temp folder', () => {
    expect(cacheDir({ RUNNER_TEMP: '/runner/tmp' })).toBe(path.join('/runner/tmp', 'autoglm-baseline-cache'));
    expect(cacheDir({ RUNNER_TEMP: '' })).toBe(path.join(os.tmpdir(), 'autoglm-baseline-cache'));
  });

  it('names each variable the selected cache service lacks', () => {
    expect(cacheServiceProblem({ ACTIONS_CACHE_URL: 'http://c/' })).toBe(
      'the cache store works only inside GitHub Actions: ACTIONS_RUNTIME_TOKEN is not set (the runner gives them to actions, such as the autoglm action, not to run: steps)',
    );
    expect(cacheServiceProblem({ ACTIONS_RUNTIME_TOKEN: 't' })).toBe(
      'the cache store works only inside GitHub Actions: ACTIONS_CACHE_URL is not set (the runner gives them to actions, such as the autoglm action, not to run: steps)',
    );
    // The v1 service takes the results URL when there is no cache URL.
    expect(
      cacheServiceProblem({ ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'http://r/' }),
    ).toBeUndefined();
    // github.com, GHE.com and localhost hosts follow the v2 flag; v2 needs the results URL.
    for (const server of [
      'https://github.com',
      'https://acme.ghe.com',
      'http://gh.localhost:3000',
      undefined,
    ]) {
      expect(
        cacheServiceProblem({
          ACTIONS_CACHE_SERVICE_V2: 'true',
          ACTIONS_RUNTIME_TOKEN: 't',
          ACTIONS_CACHE_URL: 'http://c/',
          ...(server ? { GITHUB_SERVER_URL: server } : {}),
        }),
      ).toMatch(/: ACTIONS_RESULTS_URL is not set \(/);
    }
    // Any other host is GitHub Enterprise Server (v1, whatever the flag says), and so is a server
    // URL that does not parse.
    for (const server of [
      'https://ghe.com.corp',
      'https://localhost.corp',
      'https://notgithub.com',
      'not a url',
    ]) {
      expect(
        cacheServiceProblem({
          ACTIONS_CACHE_SERVICE_V2: 'true',
          ACTIONS_RUNTIME_TOKEN: 't',
          ACTIONS_CACHE_URL: 'http://c/',
          GITHUB_SERVER_URL: server,
        }),
      ).toBeUndefined();
    }
  });

  it('refuses to save outside a push to the default or a protected branch, saying which run it is', async () => {
    const store = new CacheStore();
    await expect(store.save(results([]), ctx({ event: 'other', canSave: false }))).rejects.toThrow(
      'the cache store saves only in push runs on the default or a protected branch (this run: other); a pull request writes caches only it can read, so they never become a baseline',
    );
    await expect(
      store.save(results([]), ctx({ event: 'push', branch: 'dev', canSave: false })),
    ).rejects.toThrow('(this run: push on dev); a pull request');
    await expect(store.save(results([]), ctx({ branch: undefined }))).rejects.toThrow(
      'cannot save a baseline: the branch of this run is unknown',
    );
  });

  it('a commit with no branch to look under has no entry; nothing is asked of the service', async () => {
    const store = new CacheStore();
    expect(await store.find({ kind: 'sha', sha: 'a'.repeat(40) }, ctx())).toBeUndefined();
  });
});
