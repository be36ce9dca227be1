import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitLabApiError, GitLabClient } from '../src/gitlab/api.js';
import { neutraliseNote, noteBody, noteMarker, upsertNote } from '../src/platform/gitlab/note.js';
import { publishGitlab } from '../src/platform/gitlab/publish.js';
import type { Results } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';
import { FakeGitLab } from './fake-gitlab.js';
import { tempDir } from './helpers.js';

const BOT = { id: 99, username: 'project_1217_bot' };
const HUMAN = { id: 7, username: 'reviewer' };

function evil(): Results {
  const r = results(
    [suite([model('/merge @all'), model('ok\n/approve\n/close')], { name: '/close' })],
    [
      {
        metric: 'accuracy',
        suite: '/close',
        model: '/merge @all',
        value: 0.5,
        min: 0.8,
        mode: 'block',
        status: 'fail',
      },
    ],
  );
  return r;
}

describe('neutraliseNote', () => {
  it('leaves no line that starts with a quick action and no @mention that pings', () => {
    const out = neutraliseNote('/merge\n  /approve now\ntext /close stays\ncc @all and @someone\n');
    expect(out).not.toMatch(/^\s*\//m);
    expect(out).not.toMatch(/@[A-Za-z]/);
    // Readable: only invisible word joiners were added.
    expect(out.replace(/\u2060/g, '')).toBe(
      '/merge\n  /approve now\ntext /close stays\ncc @all and @someone\n',
    );
  });

  it('is idempotent', () => {
    const once = neutraliseNote('/merge @all');
    expect(neutraliseNote(once)).toBe(once);
  });
});

describe('noteBody', () => {
  it('starts with the marker and makes untrusted model and suite names inert', () => {
    const body = noteBody(evil(), { key: 'autoglm:autoglm.yml' });
    expect(body.startsWith(noteMarker('autoglm:autoglm.yml'))).toBe(true);
    expect(body).not.toMatch(/^\s*\/(merge|approve|close)/m);
    expect(body).not.toMatch(/@all/);
    expect(body.replace(/\u2060/g, '')).toContain('/merge @all');
  });

  it('stays within GitLab note limit for a huge report', () => {
    const many = results([
      suite(Array.from({ length: 3000 }, (_, i) => model(`model-${i}-${'x'.repeat(300)}`))),
    ]);
    const body = noteBody(many, { key: 'k' });
    expect(body.length).toBeLessThanOrEqual(65_000);
    expect(body).toMatch(/## Open-AutoGLM CI: /);
    expect(body).toContain('the full report in the job artifacts');
  });

  it('keeps a marker key from closing the HTML comment', () => {
    expect(noteMarker('a-->b<c')).toBe('<!-- autoglm-gitlab-note: a-bc -->');
    expect(noteMarker('autoglm:evals/@team\n.yml')).toBe(
      '<!-- autoglm-gitlab-note: autoglm:evals/team.yml -->',
    );
  });
});

describe('upsertNote against the fake GitLab API', () => {
  let fake: FakeGitLab;
  let client: GitLabClient;
  beforeEach(async () => {
    fake = new FakeGitLab('1217');
    fake.addToken('glpat-bot', BOT);
    client = new GitLabClient({
      apiUrl: `${await fake.start()}/api/v4`,
      token: 'glpat-bot',
      retryDelayMs: 1,
    });
  });
  afterEach(() => fake.stop());

  it('creates one note, then updates it in place, across pages, leaving a human quote alone', async () => {
    const marker = noteMarker('autoglm:autoglm.yml');
    for (let i = 0; i < 120; i++) fake.addNote(5, `comment ${i}`, HUMAN);
    const quote = fake.addNote(5, `> ${marker}\n> the bot said this`, HUMAN);
    const first = await upsertNote(client, { projectId: '1217', mrIid: 5 }, marker, `${marker}\nrun 1`);
    expect(first.action).toBe('created');
    const second = await upsertNote(client, { projectId: '1217', mrIid: 5 }, marker, `${marker}\nrun 2`);
    expect(second).toEqual({ action: 'updated', id: first.id });
    const third = await upsertNote(client, { projectId: '1217', mrIid: 5 }, marker, `${marker}\nrun 2`);
    expect(third.action).toBe('unchanged');
    const ours = fake.mrNotes(5).filter((n) => n.author.id === BOT.id);
    expect(ours).toHaveLength(1);
    expect(ours[0]?.body).toBe(`${marker}\nrun 2`);
    expect(fake.mrNotes(5).find((n) => n.id === quote.id)?.body).toContain('the bot said this');
    // The lookup read every page, 100 at a time.
    const pages = fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/notes'));
    expect(pages.map((r) => r.query.page).slice(0, 2)).toEqual(['1', '2']);
    expect(fake.requests.every((r) => r.auth === 'PRIVATE-TOKEN glpat-bot')).toBe(true);
    expect(fake.requests.filter((r) => r.method === 'PUT')[0]?.path).toBe(
      `/api/v4/projects/1217/merge_requests/5/notes/${first.id}`,
    );
    expect(fake.violations).toEqual([]);
  });

  it('fails with the status when the token is rejected', async () => {
    const bad = new GitLabClient({ apiUrl: `${fake.url}/api/v4`, token: 'nope', retryDelayMs: 1 });
    await expect(upsertNote(bad, { projectId: '1217', mrIid: 5 }, 'm', 'm')).rejects.toBeInstanceOf(
      GitLabApiError,
    );
  });
});

describe('publishGitlab', () => {
  let fake: FakeGitLab;
  beforeEach(async () => {
    fake = new FakeGitLab('1217');
    fake.addToken('glpat-bot', BOT);
    await fake.start();
  });
  afterEach(() => fake.stop());

  const env = (extra: Record<string, string>) => ({
    GITLAB_CI: 'true',
    CI_API_V4_URL: `${fake.url}/api/v4`,
    CI_PROJECT_ID: '1217',
    CI_MERGE_REQUEST_IID: '3',
    CI_MERGE_REQUEST_PROJECT_URL: 'https://gitlab.example.com/acme/models',
    ...extra,
  });

  it('posts a note that runs no quick action and pings nobody, via the variable token-variable names', async () => {
    const lines: string[] = [];
    const out = await publishGitlab({
      results: evil(),
      cwd: tempDir(),
      env: env({
        AUTOGLM_TOKEN_VARIABLE: 'MY_BOT_TOKEN',
        MY_BOT_TOKEN: 'glpat-bot',
        CI_JOB_NAME: 'autoglm-eval',
        CI_JOB_URL: 'https://gitlab.example.com/acme/models/-/jobs/55',
        CI_PIPELINE_ID: '12',
      }),
      config: 'autoglm.yml',
      exitCode: 1,
      log: (m) => lines.push(m),
    });
    expect(out.note?.action).toBe('created');
    expect(out.note?.url).toMatch(
      /^https:\/\/gitlab\.example\.com\/acme\/models\/-\/merge_requests\/3#note_\d+$/,
    );
    expect(fake.mrNotes(3)).toHaveLength(1);
    expect(fake.mrNotes(3)[0]?.body).toMatch(
      /\n<sub>\[autoglm-eval\]\(https:\/\/gitlab\.example\.com\/acme\/models\/-\/jobs\/55\) · pipeline 12<\/sub>$/,
    );
    expect(fake.quickActions).toEqual([]);
    expect(fake.mentions).toEqual([]);
    expect(out.reports.map((f) => f.split('/').pop())).toEqual([
      'junit.xml',
      'codequality.json',
      'autoglm.env',
      'metrics.txt',
    ]);
  });

  it('without a token says in one line how to enable notes, and calls nothing', async () => {
    const lines: string[] = [];
    const out = await publishGitlab({
      results: evil(),
      cwd: tempDir(),
      env: env({}),
      config: 'autoglm.yml',
      exitCode: 0,
      log: (m) => lines.push(m),
    });
    expect(out.note).toBeUndefined();
    const hint = lines.filter((l) => l.includes('MR note not posted'));
    expect(hint).toHaveLength(1);
    expect(hint[0]).toContain('AUTOGLM_GITLAB_TOKEN');
    expect(fake.requests).toEqual([]);
  });

  it('a failing API is a warning, never an exception', async () => {
    const lines: string[] = [];
    await fake.stop();
    const out = await publishGitlab({
      results: evil(),
      cwd: tempDir(),
      env: env({ AUTOGLM_GITLAB_TOKEN: 'glpat-bot' }),
      config: 'autoglm.yml',
      exitCode: 0,
      log: (m) => lines.push(m),
      fetch: async () => new Response('{"message":"401 Unauthorized"}', { status: 401 }),
    });
    expect(out.note).toBeUndefined();
    expect(
      lines.some((l) => l.startsWith('warning: could not post the MR note: GitLab API GET /user: HTTP 401')),
    ).toBe(true);
    fake = new FakeGitLab();
    await fake.start();
  });
});

describe('GitLabClient', () => {
  const stub = (replies: Array<number | Error>) => {
    const calls: string[] = [];
    const fetch = (async (url: string | URL | Request) => {
      calls.push(String(url));
      const next = replies.shift() ?? 200;
      if (next instanceof Error) throw next;
      return new Response(next === 200 ? '{"id":1}' : '{"message":"x"}', { status: next });
    }) as typeof globalThis.fetch;
    return { calls, fetch };
  };

  it('retries 429, 5xx and network errors, then succeeds', async () => {
    const { calls, fetch } = stub([429, 502, new TypeError('fetch failed'), 200]);
    const client = new GitLabClient({ apiUrl: 'http://gl.test/api/v4/', token: 't', retryDelayMs: 1, fetch });
    expect(await client.get('/user')).toEqual({ id: 1 });
    expect(calls).toEqual(Array(4).fill('http://gl.test/api/v4/user'));
  });

  it('does not retry other 4xx, and names the endpoint on network failure', async () => {
    const { calls, fetch } = stub([403]);
    const client = new GitLabClient({ apiUrl: 'http://gl.test/api/v4', token: 't', retryDelayMs: 1, fetch });
    await expect(client.get('/projects/1/pipelines?sha=x')).rejects.toThrow(
      'GitLab API GET /projects/1/pipelines: HTTP 403',
    );
    expect(calls).toHaveLength(1);
    const down = stub([new TypeError('fetch failed'), new TypeError('fetch failed')]);
    const flaky = new GitLabClient({
      apiUrl: 'http://gl.test/api/v4',
      retryDelayMs: 1,
      maxRetries: 1,
      fetch: down.fetch,
    });
    await expect(flaky.get('/user')).rejects.toThrow(
      'GitLab API GET http://gl.test/api/v4/user: fetch failed',
    );
  });
});
