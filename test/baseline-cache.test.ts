import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { restoreCache, saveCache } from '@actions/cache';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  branchSegment,
  CacheStore,
  cacheDir,
  cacheKeyPrefix,
  cacheServiceProblem,
} from '../src/baseline/cache-store.js';
import type { RunContext } from '../src/baseline/context.js';
import { resolveBaseline } from '../src/baseline/store.js';
import type { Results } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';
import { type CacheScope, type FakeActionsCache, startFakeActionsCache } from './fake-actions-cache.js';
import { tempDir } from './helpers.js';

const sha = (c: string) => c.repeat(40);
const MAIN: CacheScope[] = [{ scope: 'refs/heads/main', permission: 3 }];
/** A pull request's token: writes its own merge ref, reads the base branch. */
const PR = (n: number): CacheScope[] => [
  { scope: `refs/pull/${n}/merge`, permission: 3 },
  { scope: 'refs/heads/main', permission: 1 },
];

function doc(commit: string, accuracy: number, createdAt = '2026-11-01T00:00:00.000Z'): Results {
  return {
    ...results([suite([model('m', { accuracy })])]),
    createdAt,
    provenance: { sha: commit, ref: 'main' },
  };
}

const push = (commit: string, runId: string): RunContext => ({
  platform: 'github',
  event: 'push',
  sha: commit,
  branch: 'main',
  baseBranch: 'main',
  defaultBranch: 'main',
  runId,
  canSave: true,
  notes: [],
});

const pr = (mergeBaseSha?: string): RunContext => ({
  platform: 'github',
  event: 'pull_request',
  sha: sha('f'),
  branch: 'feature/x',
  baseBranch: 'main',
  defaultBranch: 'main',
  mergeBaseSha,
  prNumber: 7,
  runId: '900',
  canSave: false,
  notes: [],
});

const accuracyOf = (r: Results | undefined) => r?.suites[0]?.models[0]?.metrics.accuracy;

/** Silence the toolkit's workflow-command logging (it writes ::debug:: and info lines to stdout). */
function quiet(): void {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
}

describe.each(['v2', 'v1'] as const)('cache store against a loopback cache service (%s)', (service) => {
  // A fresh service and runner folders per test: each test seeds what it reads, so any one of
  // them runs alone (-t) or in any order (--sequence.shuffle).
  let fake: FakeActionsCache;
  let runnerTemp: string;
  let workspace: string;

  /** The environment the runner gives a JavaScript action in a job with these cache scopes. */
  function job(scopes: CacheScope[]): void {
    for (const [k, v] of Object.entries(fake.env(service, scopes))) vi.stubEnv(k, v);
    vi.stubEnv('RUNNER_TEMP', runnerTemp);
    vi.stubEnv('GITHUB_WORKSPACE', workspace);
    vi.stubEnv('GITHUB_RUN_ATTEMPT', '1');
    quiet();
  }

  /** Two pushes to main, as the first test makes them: a (accuracy 0.9, run 101), then b (0.8, run 102). */
  async function seedMain(): Promise<void> {
    job(MAIN);
    await new CacheStore({ history: 3 }).save(doc(sha('a'), 0.9), push(sha('a'), '101'));
    await new CacheStore({ history: 3 }).save(
      doc(sha('b'), 0.8, '2026-11-02T00:00:00.000Z'),
      push(sha('b'), '102'),
    );
  }

  beforeEach(async () => {
    fake = await startFakeActionsCache();
    runnerTemp = tempDir('autoglm-runner-temp-');
    workspace = tempDir('autoglm-workspace-');
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    await fake.close();
  });

  it('saves on pushes: one entry per run in the branch scope, carrying the bounded history', async () => {
    job(MAIN);
    const store = new CacheStore({ history: 3 });
    const first = await store.save(doc(sha('a'), 0.9), push(sha('a'), '101'));
    expect(first).toMatch(
      new RegExp(`^cache autoglm-baseline-v1/main/${sha('a')}/101-1-[0-9a-z]+ \\(history 1 of 3\\)$`),
    );
    const second = await new CacheStore({ history: 3 }).save(
      doc(sha('b'), 0.8, '2026-11-02T00:00:00.000Z'),
      push(sha('b'), '102'),
    );
    expect(second).toMatch(/\(history 2 of 3\)$/);
    expect(fake.violations).toEqual([]);
    const saved = fake.entries.filter((e) => e.committed);
    expect(saved.map((e) => [e.scope, e.key.split('/').slice(0, 3).join('/')])).toEqual([
      ['refs/heads/main', `autoglm-baseline-v1/main/${sha('a')}`],
      ['refs/heads/main', `autoglm-baseline-v1/main/${sha('b')}`],
    ]);
    // Both used the same cache version: the path list (and so the hash) is identical.
    expect(new Set(saved.map((e) => e.version)).size).toBe(1);
    const ops = fake.requests.map((r) => r.operation);
    expect(ops).toContain(service === 'v2' ? 'v2 FinalizeCacheEntryUpload' : 'v1 commit');
  });

  it('a pull request restores the merge-base run on the base branch', async () => {
    await seedMain();
    job(PR(7));
    const before = fake.requests.length;
    const r = await resolveBaseline(new CacheStore(), pr(sha('a')), Date.parse('2026-11-01T06:00:00.000Z'));
    expect(fake.violations).toEqual([]);
    expect(r.notes).toEqual([]);
    expect(r.baseline).toMatchObject({
      store: 'cache',
      matched: 'merge-base',
      sha: sha('a'),
      runId: '101',
      ageHours: 6,
    });
    expect(accuracyOf(r.baseline?.results)).toBe(0.9);
    expect(r.baseline?.location).toMatch(
      new RegExp(`^cache autoglm-baseline-v1/main/${sha('a')}/101-1-\\w+:runs/000000-aaaaaaaaaaaa\\.json$`),
    );
    // It asked for the merge-base's prefix on the base branch, and nothing else.
    const lookups = fake.requests.slice(before).filter((q) => /get|GetCacheEntry/i.test(q.operation ?? ''));
    const asked = lookups.map((q) =>
      service === 'v2' ? JSON.parse(q.body.toString()).key : q.query.get('keys')?.split(',')[0],
    );
    expect(asked[0]).toBe(`autoglm-baseline-v1/main/${sha('a')}/`);
  });

  it('falls back to the base branch latest when the merge-base has no entry', async () => {
    await seedMain();
    job(PR(7));
    const store = new CacheStore();
    const r = await resolveBaseline(store, pr(sha('9')));
    expect(fake.violations).toEqual([]);
    expect(r.baseline?.matched).toBe('base-branch');
    expect(r.baseline?.sha).toBe(sha('b'));
    expect(accuracyOf(r.baseline?.results)).toBe(0.8);
    // The latest entry carries the branch's history, oldest first.
    const history = await store.history('main', 100, pr(sha('9')));
    expect(history.map((h) => h.provenance.sha)).toEqual([sha('a'), sha('b')]);
  });

  it('keeps at most `history` runs per branch, oldest dropped first', async () => {
    await seedMain();
    job(MAIN);
    for (const [i, c] of ['c', 'd', 'e'].entries()) {
      const where = await new CacheStore({ history: 3 }).save(
        doc(sha(c), 0.7 - i / 10, `2026-11-0${3 + i}T00:00:00.000Z`),
        push(sha(c), String(103 + i)),
      );
      expect(where).toMatch(/\(history 3 of 3\)$/);
    }
    expect(fake.violations).toEqual([]);
    job(PR(7));
    const store = new CacheStore();
    const history = await store.history('main', 100, pr());
    expect(history.map((h) => h.provenance.sha)).toEqual([sha('c'), sha('d'), sha('e')]);
    expect((await store.history('main', 2, pr())).map((h) => h.provenance.sha)).toEqual([sha('d'), sha('e')]);
    // Older entries stay restorable by their commit while the cache keeps them.
    const old = await resolveBaseline(store, pr(sha('b')));
    expect(old.baseline?.matched).toBe('merge-base');
    expect(accuracyOf(old.baseline?.results)).toBe(0.8);
  });

  it('a pull request run never saves, and what a pull request writes serves only that pull request', async () => {
    await seedMain();
    job(PR(7));
    const before = fake.requests.length;
    await expect(new CacheStore().save(doc(sha('f'), 1), pr(sha('a')))).rejects.toThrow(
      /saves only in push runs on the default or a protected branch \(this run: pull_request on feature\/x\)/,
    );
    expect(fake.requests.length).toBe(before);
    // Even a cache written under the same key by the PR itself (not through the store) lands in
    // the PR's own scope: the next PR and the base branch never see it.
    const dir = cacheDir();
    mkdirSync(path.join(dir, 'runs'), { recursive: true });
    writeFileSync(path.join(dir, 'runs', '000000-x.json'), JSON.stringify(doc(sha('6'), 0.1)));
    expect(await saveCache([dir], `${cacheKeyPrefix('main', sha('6'))}1-1-x`)).toBeGreaterThan(0);
    expect(fake.entries.at(-1)?.scope).toBe('refs/pull/7/merge');
    job(PR(8));
    expect((await resolveBaseline(new CacheStore(), pr(sha('6')))).baseline?.matched).toBe('base-branch');
    job(MAIN);
    expect(await restoreCache([cacheDir()], cacheKeyPrefix('main', sha('6')), [], { lookupOnly: true })).toBe(
      undefined,
    );
    expect(fake.violations).toEqual([]);
  });

  it('an invalid stored document is skipped with a warning; a broken archive is a notice', async () => {
    job(MAIN);
    // An entry written by something else under our key: a results document of another schema.
    const dir = cacheDir();
    mkdirSync(path.join(dir, 'runs'), { recursive: true });
    writeFileSync(path.join(dir, 'runs', '000000-777777777777.json'), '{"schemaVersion": 99}');
    const bad = `${cacheKeyPrefix('main', sha('7'))}107-1-x`;
    expect(await saveCache([dir], bad)).toBeGreaterThan(0);
    // The next push skips it when carrying the history forward.
    const logs: string[] = [];
    const where = await new CacheStore({ history: 3, log: (m) => logs.push(m) }).save(
      doc(sha('8'), 0.95, '2026-11-09T00:00:00.000Z'),
      push(sha('8'), '108'),
    );
    expect(where).toMatch(/\(history 1 of 3\)$/);
    expect(logs).toEqual([
      expect.stringMatching(/^warning: ignored the baseline at cache .*schemaVersion 99/),
    ]);

    // (pull request 7 wrote an entry of its own above, which its own runs would see first)
    job(PR(9));
    const r = await resolveBaseline(new CacheStore(), pr(sha('7')));
    expect(r.notes).toEqual([
      expect.stringMatching(
        new RegExp(
          `^ignored the baseline at cache ${bad}:runs/000000-777777777777\\.json: schemaVersion 99 is not one this version reads`,
        ),
      ),
    ]);
    expect(r.baseline?.matched).toBe('base-branch');
    expect(r.baseline?.sha).toBe(sha('8'));

    // An archive that does not unpack: a notice naming the entry, and the next candidate is tried.
    const entry = fake.entries.find((e) => e.key.startsWith(cacheKeyPrefix('main', sha('8'))));
    fake.corrupt(entry?.key as string, Buffer.from('not a tar archive'));
    const broken = await resolveBaseline(new CacheStore(), pr(sha('8')));
    expect(broken.baseline).toBeUndefined();
    expect(broken.notes).toEqual([
      `could not read the cache baseline store: found the cache entry ${entry?.key} but could not restore it (see the warning above)`,
      `could not read the cache baseline store: found the cache entry ${entry?.key} but could not restore it (see the warning above)`,
      'no baseline yet for main; this run will become one when merged',
    ]);
    expect(fake.violations).toEqual([]);
  });
});

describe('cache store outside GitHub Actions', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('find and save say the store works only inside GitHub Actions; resolve turns it into a notice', async () => {
    for (const k of [
      'ACTIONS_RUNTIME_TOKEN',
      'ACTIONS_RESULTS_URL',
      'ACTIONS_CACHE_URL',
      'ACTIONS_CACHE_SERVICE_V2',
    ]) {
      vi.stubEnv(k, '');
    }
    const store = new CacheStore();
    await expect(store.find({ kind: 'branch', branch: 'main' }, pr())).rejects.toThrow(
      'the cache store works only inside GitHub Actions: ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL are not set',
    );
    await expect(store.save(doc(sha('a'), 1), push(sha('a'), '1'))).rejects.toThrow(
      /only inside GitHub Actions/,
    );
    const r = await resolveBaseline(store, pr(sha('a')));
    expect(r.baseline).toBeUndefined();
    expect(r.notes[0]).toMatch(
      /^could not read the cache baseline store: the cache store works only inside GitHub Actions/,
    );
  });

  it('names the variable the selected service needs', () => {
    expect(
      cacheServiceProblem({
        ACTIONS_CACHE_SERVICE_V2: 'True',
        ACTIONS_RUNTIME_TOKEN: 't',
        GITHUB_SERVER_URL: 'https://github.com',
      }),
    ).toMatch(/: ACTIONS_RESULTS_URL is not set/);
    // GHES always uses the v1 service, whatever the flag says.
    expect(
      cacheServiceProblem({
        ACTIONS_CACHE_SERVICE_V2: 'True',
        ACTIONS_RESULTS_URL: 'http://r/',
        ACTIONS_RUNTIME_TOKEN: 't',
        GITHUB_SERVER_URL: 'https://ghes.corp',
      }),
    ).toBeUndefined();
    expect(
      cacheServiceProblem({ ACTIONS_CACHE_URL: 'http://c/', ACTIONS_RUNTIME_TOKEN: 't' }),
    ).toBeUndefined();
  });

  it('keys keep branches apart: no branch prefix matches another branch', () => {
    expect(cacheKeyPrefix('main')).toBe('autoglm-baseline-v1/main/');
    expect(cacheKeyPrefix('feature/x', 'ABC')).toBe('autoglm-baseline-v1/feature%2Fx/abc/');
    for (const other of ['main-2', 'main/x', 'main,x']) {
      expect(cacheKeyPrefix(other).startsWith(cacheKeyPrefix('main'))).toBe(false);
    }
    expect(cacheKeyPrefix('a,b')).not.toContain(',');
    const long = branchSegment('x'.repeat(400));
    expect(long).toMatch(/^%h[0-9a-f]{40}$/);
    expect(branchSegment('y'.repeat(400))).not.toBe(long);
  });
});

describe('the fake cache service rejects what the real one would', () => {
  let fake: FakeActionsCache;
  beforeAll(async () => {
    fake = await startFakeActionsCache();
  });
  afterAll(() => fake.close());

  it('records protocol mistakes', async () => {
    const auth = { authorization: `Bearer ${fake.token(MAIN)}`, 'user-agent': '@actions/cache-6.3.0' };
    const twirp = `${fake.url}/twirp/github.actions.results.api.v1.CacheService`;
    const version = '0'.repeat(64);
    const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth, ...headers },
        body: JSON.stringify(body),
      });
    // camelCase instead of the proto field names the toolkit sends
    expect(
      (await post(`${twirp}/GetCacheEntryDownloadURL`, { key: 'k', restoreKeys: [], version })).status,
    ).toBe(400);
    expect((await post(`${twirp}/GetCacheEntryDownloadURL`, { key: 'k', version: 'v1' })).status).toBe(400);
    expect((await post(`${twirp}/DeleteCacheEntry`, { key: 'k', version })).status).toBe(404);
    expect(
      (await post(`${twirp}/CreateCacheEntry`, { key: 'k', version }, { authorization: 'Bearer a.b.c' }))
        .status,
    ).toBe(401);
    expect(
      (await post(`${twirp}/FinalizeCacheEntryUpload`, { key: 'k', version, size_bytes: 3 })).status,
    ).toBe(400);
    const v1 = `${fake.url}/v1/_apis/artifactcache`;
    expect(
      (
        await fetch(`${v1}/cache?keys=k`, {
          headers: { ...auth, accept: 'application/json;api-version=6.0-preview.1' },
        })
      ).status,
    ).toBe(400);
    expect((await fetch(`${v1}/cache?keys=k&version=${version}`, { headers: auth })).status).toBe(400);
    expect(fake.violations).toEqual([
      expect.stringMatching(/GetCacheEntryDownloadURL: unknown field\(s\) restoreKeys$/),
      expect.stringMatching(/GetCacheEntryDownloadURL\.version must be the 64-hex cache version$/),
      expect.stringMatching(/DeleteCacheEntry: no such Twirp method$/),
      expect.stringMatching(/CreateCacheEntry: runtime token signature is invalid$/),
      expect.stringMatching(/size_bytes must be an int64 in a decimal string$/),
      expect.stringMatching(/cache: query must be exactly keys and version, got keys$/),
      expect.stringMatching(/cache: Accept must be application\/json;api-version=6\.0-preview\.1$/),
    ]);
  });
});

describe('cache store entries (v2 service)', () => {
  let fake: FakeActionsCache;
  let runnerTemp: string;

  function job(scopes: CacheScope[], attempt?: string): void {
    for (const [k, v] of Object.entries(fake.env('v2', scopes))) vi.stubEnv(k, v);
    vi.stubEnv('RUNNER_TEMP', runnerTemp);
    vi.stubEnv('GITHUB_WORKSPACE', tempDir('autoglm-workspace-'));
    // Unset, the attempt is 1.
    vi.stubEnv('GITHUB_RUN_ATTEMPT', attempt ?? '');
    quiet();
  }

  /** Cache `files` (name -> text) under `key`, as something other than the store would. */
  async function raw(
    key: string,
    files: Record<string, string>,
    folders: string[] = ['runs'],
  ): Promise<void> {
    const dir = cacheDir();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const f of folders) mkdirSync(path.join(dir, f), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    expect(await saveCache([dir], key)).toBeGreaterThan(0);
  }

  beforeEach(async () => {
    fake = await startFakeActionsCache();
    runnerTemp = tempDir('autoglm-runner-temp-');
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    await fake.close();
  });

  it('a run with no run id or attempt is stored as local-1 and reported with no run id', async () => {
    const saved: string[] = [];
    job(MAIN);
    saved.push(await new CacheStore().save(doc(sha('a'), 0.9), { ...push(sha('a'), '1'), runId: undefined }));
    job(MAIN, '3');
    saved.push(await new CacheStore().save({ ...doc(sha('b'), 0.8), provenance: {} }, push(sha('b'), '202')));
    expect(saved[0]).toMatch(
      new RegExp(`^cache autoglm-baseline-v1/main/${sha('a')}/local-1-[0-9a-z]+ \\(history 1 of 100\\)$`),
    );
    expect(saved[1]).toMatch(
      new RegExp(`^cache autoglm-baseline-v1/main/${sha('b')}/202-3-[0-9a-z]+ \\(history 2 of 100\\)$`),
    );
    job(PR(7));
    const store = new CacheStore();
    const atA = await resolveBaseline(store, pr(sha('a')));
    expect(atA.baseline?.runId).toBeUndefined();
    expect(atA.baseline?.location).toMatch(/local-1-\w+:runs\/000000-aaaaaaaaaaaa\.json$/);
    // The second entry carries both runs; a run with no commit is named `unknown`.
    const atB = await resolveBaseline(store, { ...pr(sha('b')), baseBranch: undefined });
    expect(atB.baseline?.runId).toBe('202');
    expect(atB.baseline?.location).toMatch(/202-3-\w+:runs\/000001-unknown\.json$/);
    expect(accuracyOf(atB.baseline?.results)).toBe(0.8);
    expect(await store.history('release', 10, pr())).toEqual([]);
  });

  it('after saving, the same store reads the new entry, not the one it read before', async () => {
    job(MAIN);
    const store = new CacheStore();
    await store.save(doc(sha('a'), 0.9), push(sha('a'), '1'));
    const want = { kind: 'branch', branch: 'main' } as const;
    expect((await store.find(want, push(sha('a'), '1')))?.runId).toBe('1');
    await store.save(doc(sha('b'), 0.8), push(sha('b'), '2'));
    expect((await store.find(want, push(sha('b'), '2')))?.runId).toBe('2');
  });

  it('an entry that is not a run folder: only its .json files count, and none is a notice', async () => {
    job(MAIN);
    await raw(`${cacheKeyPrefix('main', sha('1'))}11-1-x`, {
      'runs/000001-b.json': JSON.stringify(doc(sha('b'), 0.2)),
      'runs/000000-a.json': JSON.stringify(doc(sha('a'), 0.1)),
      'runs/notes.txt': 'not a run',
    });
    const emptyKey = `${cacheKeyPrefix('main', sha('2'))}12-1-x`;
    await raw(emptyKey, {});
    const noRunsKey = `${cacheKeyPrefix('main', sha('3'))}13-1-x`;
    await raw(noRunsKey, { 'other.txt': 'x' }, []);
    job(PR(7));
    const first = await resolveBaseline(new CacheStore(), pr(sha('1')));
    expect(first.baseline?.location).toBe(
      `cache ${cacheKeyPrefix('main', sha('1'))}11-1-x:runs/000001-b.json`,
    );
    expect(accuracyOf(first.baseline?.results)).toBe(0.2);
    // An empty run folder at the merge-base, then a newest entry on main with none at all.
    const r = await resolveBaseline(new CacheStore(), pr(sha('2')));
    expect(r.notes).toEqual([
      expect.stringMatching(
        new RegExp(`^ignored the baseline at cache ${emptyKey} \\(no runs in it\\): not valid JSON`),
      ),
      `could not read the cache baseline store: the cache entry ${noRunsKey} holds no runs/ folder at ${cacheDir()}`,
      'no baseline yet for main; this run will become one when merged',
    ]);
  });

  it('a save the cache service refuses is an error naming the key', async () => {
    job([{ scope: 'refs/heads/main', permission: 1 }]);
    await expect(new CacheStore().save(doc(sha('a'), 0.9), push(sha('a'), '5'))).rejects.toThrow(
      new RegExp(
        `^the Actions cache did not accept autoglm-baseline-v1/main/${sha('a')}/5-1-\\w+ \\(see the warning above\\)$`,
      ),
    );
  });

  it('a previous entry that cannot be read starts a new history, with a warning', async () => {
    job(MAIN);
    await raw(`${cacheKeyPrefix('main', sha('1'))}11-1-x`, { 'other.txt': 'x' }, []);
    const logs: string[] = [];
    const where = await new CacheStore({ log: (m) => logs.push(m) }).save(
      doc(sha('b'), 0.8),
      push(sha('b'), '12'),
    );
    expect(where).toMatch(/\(history 1 of 100\)$/);
    expect(logs).toEqual([
      `warning: starting a new history for main: the cache entry ${cacheKeyPrefix('main', sha('1'))}11-1-x holds no runs/ folder at ${cacheDir()}`,
    ]);
  });
});
