import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubClient } from '../src/github/octokit.js';
import { githubRun } from '../src/platform/github/context.js';
import { type FakeGitHub, startFakeGitHub } from './fake-github.js';
import { webhookExample } from './fake-github-state.js';

describe('the one GitHub client', () => {
  let gh: FakeGitHub;
  let calls = 0;
  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.on('GET', '/repos/{owner}/{repo}/pulls/{pull_number}', (req) => {
      calls++;
      if (req.params.pull_number === '1') return { status: 404, body: { message: 'Not Found' } };
      if (req.params.pull_number === '2' && calls % 2 === 1)
        return { status: 502, body: { message: 'Bad Gateway' } };
      return { body: { number: Number(req.params.pull_number) } };
    });
  });
  afterAll(() => gh.close());

  it('honours GITHUB_API_URL (GitHub Enterprise Server)', async () => {
    const before = process.env.GITHUB_API_URL;
    process.env.GITHUB_API_URL = `${gh.url}/`;
    try {
      const client = githubClient({ token: 't', maxRetries: 0 });
      calls = 1;
      const { data } = await client.rest.pulls.get({ owner: 'o', repo: 'r', pull_number: 3 });
      expect(data.number).toBe(3);
    } finally {
      if (before === undefined) delete process.env.GITHUB_API_URL;
      else process.env.GITHUB_API_URL = before;
    }
  });

  it('never retries a 404; retries a 502', async () => {
    const client = githubClient({ baseUrl: gh.url, token: 't', maxRetries: 2 });
    calls = 0;
    await expect(client.rest.pulls.get({ owner: 'o', repo: 'r', pull_number: 1 })).rejects.toMatchObject({
      status: 404,
    });
    expect(calls).toBe(1);
    calls = 0;
    const { data } = await client.rest.pulls.get({ owner: 'o', repo: 'r', pull_number: 2 });
    expect(data.number).toBe(2);
    expect(calls).toBe(2);
    expect(gh.violations).toEqual([]);
  });

  it('gives up at the overall time limit instead of hanging on a silent API', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const client = githubClient({ baseUrl: url, token: 't', maxRetries: 0, timeoutMs: 300 });
      await expect(client.rest.pulls.get({ owner: 'o', repo: 'r', pull_number: 1 })).rejects.toThrow(
        /abort|timeout/i,
      );
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe('the run context from @actions/github', () => {
  const ctx = (eventName: string, payload: Record<string, unknown>) =>
    ({
      eventName,
      payload,
      sha: 'f'.repeat(40),
      runId: 7,
      runAttempt: 1,
      workflow: 'autoglm',
      job: 'eval',
      actor: 'a',
      serverUrl: 'https://github.example.com/',
      apiUrl: 'https://github.example.com/api/v3',
      repo: { owner: 'Codertocat', repo: 'Hello-World' },
    }) as never;

  it('takes the PR head SHA from the payload, not the merge commit', () => {
    const r = githubRun(ctx('pull_request', webhookExample('pull_request', 'opened')));
    expect(r).toMatchObject({
      prNumber: 2,
      headSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
      fork: false,
    });
    expect(r.serverUrl).toBe('https://github.example.com');
  });

  it('a push reports on GITHUB_SHA with no PR', () => {
    const r = githubRun(ctx('push', webhookExample('push')));
    expect(r.prNumber).toBeUndefined();
    expect(r.headSha).toBe('f'.repeat(40));
  });

  it('an issue comment on a PR names the PR and no commit', () => {
    const p = webhookExample('issue_comment', 'created') as { issue: Record<string, unknown> };
    p.issue.pull_request = { url: 'x' };
    const r = githubRun(ctx('issue_comment', p));
    expect(r.prNumber).toBe(1);
    expect(r.headSha).toBeUndefined();
  });
});
