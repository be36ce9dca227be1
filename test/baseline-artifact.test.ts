import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactStore } from '../src/baseline/artifact-store.js';
import { type RunContext, runContext } from '../src/baseline/context.js';
import { resolveBaseline } from '../src/baseline/store.js';
import { githubClient } from '../src/github/octokit.js';
import { model, results, suite } from './factories.js';
import { type FakeGitHub, startFakeGitHub } from './fake-github.js';
import { tempDir } from './helpers.js';

const BASE = 'b'.repeat(40);
const TIP = 'c'.repeat(40);

function zipOf(accuracy: number, sha: string): Uint8Array {
  const doc = { ...results([suite([model('m', { accuracy })])]), provenance: { sha, ref: 'main' } };
  return zipSync({ 'autoglm-results.json': new TextEncoder().encode(JSON.stringify(doc)) });
}

describe('artifact store against a loopback GitHub API', () => {
  let gh: FakeGitHub;
  beforeAll(async () => {
    gh = await startFakeGitHub();
    // Newest first, as GitHub lists them: the pull request run is the latest on `main` (a fork's
    // branch named main) and has an artifact, so only the event filter keeps it out.
    const runs = [
      {
        id: 12,
        event: 'pull_request',
        head_branch: 'main',
        head_sha: 'd'.repeat(40),
        status: 'completed',
        conclusion: 'success',
      },
      {
        id: 11,
        event: 'push',
        head_branch: 'main',
        head_sha: TIP,
        status: 'completed',
        conclusion: 'success',
      },
      {
        id: 10,
        event: 'push',
        head_branch: 'main',
        head_sha: BASE,
        status: 'completed',
        conclusion: 'success',
      },
    ];
    gh.on('GET', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', (req) => {
      const sha = req.query.get('head_sha');
      const branch = req.query.get('branch');
      const list = runs.filter(
        (r) => (sha ? r.head_sha === sha : true) && (branch ? r.head_branch === branch : true),
      );
      return { body: { total_count: list.length, workflow_runs: list } };
    });
    gh.on('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', (req) => {
      const id = Number(req.params.run_id);
      const artifacts = [{ id: id * 100, name: 'autoglm-results', expired: false }];
      return { body: { total_count: artifacts.length, artifacts } };
    });
    gh.blob('/blobs/1000.zip', zipOf(0.9, BASE));
    gh.blob('/blobs/1100.zip', zipOf(0.8, TIP));
    gh.blob('/blobs/1200.zip', zipOf(0.1, 'd'.repeat(40)));
    gh.on('GET', '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', (req) => ({
      status: 302,
      headers: { location: `${gh.url}/blobs/${req.params.artifact_id}.zip` },
    }));
  });
  afterAll(() => gh.close());

  const ctx = (over: Partial<RunContext> = {}): RunContext => ({
    platform: 'github',
    event: 'pull_request',
    baseBranch: 'main',
    repository: { owner: 'octo', repo: 'models' },
    workflow: '.github/workflows/autoglm.yml',
    runId: '99',
    canSave: false,
    notes: [],
    ...over,
  });

  it('finds the run at the merge-base, downloads and unzips its results', async () => {
    const store = new ArtifactStore({ client: githubClient({ baseUrl: gh.url, token: 't', maxRetries: 0 }) });
    const r = await resolveBaseline(store, ctx({ mergeBaseSha: BASE }));
    expect(gh.violations).toEqual([]);
    expect(r.baseline?.matched).toBe('merge-base');
    expect(r.baseline?.runId).toBe('10');
    expect(r.baseline?.results.suites[0]?.models[0]?.metrics.accuracy).toBe(0.9);
    expect(r.baseline?.location).toBe(`artifact autoglm-results of run 10 (main @ ${BASE.slice(0, 12)})`);
    const listRuns = gh.requests.find((q) => q.route.endsWith('/runs') && q.query.get('head_sha') === BASE);
    expect(listRuns?.params).toMatchObject({ owner: 'octo', repo: 'models', workflow_id: 'autoglm.yml' });
    expect(listRuns?.query.get('status')).toBe('success');
    expect(listRuns?.headers.authorization).toBe('token t');
  });

  it('falls back to the base branch latest and never uses a pull request run', async () => {
    const store = new ArtifactStore({ client: githubClient({ baseUrl: gh.url, token: 't', maxRetries: 0 }) });
    const r = await resolveBaseline(store, ctx({ mergeBaseSha: 'e'.repeat(40) }));
    expect(gh.violations).toEqual([]);
    expect(r.baseline?.matched).toBe('base-branch');
    expect(r.baseline?.runId).toBe('11');
    expect(r.baseline?.results.suites[0]?.models[0]?.metrics.accuracy).toBe(0.8);
  });

  it('the fake API itself rejects what GitHub would reject', async () => {
    const before = gh.violations.length;
    await fetch(`${gh.url}/repos/o/r/actions/runs/1/artifacts?colour=red`);
    await fetch(`${gh.url}/repos/o/r/not-an-endpoint`);
    expect(gh.violations.slice(before)).toEqual([
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts: undeclared query parameter "colour"',
      "GET /repos/o/r/not-an-endpoint: no such operation in GitHub's OpenAPI description",
    ]);
    gh.violations.splice(before);
  });

  it('a shallow clone gets the merge-base from the compare API', async () => {
    gh.on('GET', '/repos/{owner}/{repo}/compare/{basehead}', (req) => ({
      body: req.params.basehead === `main...${'e'.repeat(40)}` ? { merge_base_commit: { sha: BASE } } : {},
    }));
    const dir = tempDir();
    const event = path.join(dir, 'event.json');
    writeFileSync(
      event,
      JSON.stringify({ pull_request: { number: 1, base: { ref: 'main' }, head: { sha: 'e'.repeat(40) } } }),
    );
    const ctx = await runContext(
      dir,
      {
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_BASE_REF: 'main',
        GITHUB_HEAD_REF: 'feature',
        GITHUB_REPOSITORY: 'octo/models',
        GITHUB_API_URL: gh.url,
      },
      { token: 't' },
    );
    expect(gh.violations).toEqual([]);
    expect(ctx).toMatchObject({
      event: 'pull_request',
      mergeBaseSha: BASE,
      baseBranch: 'main',
      sha: 'e'.repeat(40),
    });
    expect(ctx.notes).toEqual([]);
  });

  it('an API failure is a notice, never a crash', async () => {
    const store = new ArtifactStore({
      client: githubClient({ baseUrl: 'http://127.0.0.1:9', token: 't', maxRetries: 0 }),
    });
    const r = await resolveBaseline(store, ctx({ mergeBaseSha: BASE }));
    expect(r.baseline).toBeUndefined();
    expect(r.notes[0]).toMatch(/could not read the artifact baseline store/);
    expect(r.notes.at(-1)).toBe('no baseline yet for main; this run will become one when merged');
  });
});

describe('artifact store: which run and which file it takes', () => {
  let gh: FakeGitHub;
  type Run = { id: number; event: string; head_branch: string | null; head_sha: string };
  let runs: Run[] = [];
  let artifacts: Record<number, Array<{ id: number; name: string; expired: boolean }>> = {};

  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.on('GET', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', () => ({
      body: {
        total_count: runs.length,
        workflow_runs: runs.map((r) => ({ ...r, status: 'completed', conclusion: 'success' })),
      },
    }));
    gh.on('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', (req) => {
      const list = artifacts[Number(req.params.run_id)] ?? [];
      return { body: { total_count: list.length, artifacts: list } };
    });
    gh.on('GET', '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', (req) => ({
      status: 302,
      headers: { location: `${gh.url}/blobs/${req.params.artifact_id}.zip` },
    }));
  });
  afterAll(() => gh.close());

  const ctx = (over: Partial<RunContext> = {}): RunContext => ({
    platform: 'github',
    event: 'push',
    baseBranch: 'main',
    repository: { owner: 'octo', repo: 'models' },
    workflow: '.github/workflows/autoglm.yml',
    apiUrl: gh.url,
    token: 't',
    runId: '30',
    canSave: true,
    notes: [],
    ...over,
  });
  const json = (accuracy: number) =>
    new TextEncoder().encode(
      JSON.stringify({ ...results([suite([model('m', { accuracy })])]), provenance: { ref: 'main' } }),
    );
  const push = (id: number, head_branch: string | null = 'main'): Run => ({
    id,
    event: 'push',
    head_branch,
    head_sha: String(id % 10).repeat(40),
  });

  it('skips the running workflow run, expired artifacts and artifacts of another name', async () => {
    runs = [push(30), push(29), push(28), push(27)];
    artifacts = {
      30: [{ id: 300, name: 'autoglm-results', expired: false }],
      29: [{ id: 290, name: 'autoglm-results', expired: true }],
      28: [{ id: 280, name: 'coverage', expired: false }],
      27: [{ id: 270, name: 'autoglm-results', expired: false }],
    };
    for (const id of [300, 290, 280, 270])
      gh.blob(`/blobs/${id}.zip`, zipSync({ 'autoglm-results.json': json(id / 1000) }));
    // No client given: the store makes its own from the run's API URL and token.
    const r = await resolveBaseline(new ArtifactStore(), ctx());
    expect(r.baseline?.runId).toBe('27');
    expect(r.baseline?.results.suites[0]?.models[0]?.metrics.accuracy).toBe(0.27);
    expect(r.baseline?.location).toBe(`artifact autoglm-results of run 27 (main @ ${'7'.repeat(12)})`);
    expect(gh.requests.at(-1)?.headers.authorization).toBe('token t');
    expect(gh.violations).toEqual([]);
  });

  it('takes autoglm-results.json from the archive, else any JSON file; an archive with none is skipped', async () => {
    runs = [push(26), push(25, null), push(24)];
    artifacts = {
      26: [{ id: 260, name: 'evals', expired: false }],
      25: [{ id: 250, name: 'evals', expired: false }],
      24: [{ id: 240, name: 'evals', expired: false }],
    };
    gh.blob('/blobs/260.zip', zipSync({ 'README.txt': new TextEncoder().encode('no results here') }));
    gh.blob(
      '/blobs/250.zip',
      zipSync({ 'out/other.json': json(0.1), 'out/autoglm-results.json': json(0.25) }),
    );
    gh.blob('/blobs/240.zip', zipSync({ 'notes.txt': json(0.5), 'out/r.json': json(0.24) }));
    const store = new ArtifactStore({
      artifact: 'evals',
      client: githubClient({ baseUrl: gh.url, maxRetries: 0 }),
    });
    const first = await store.find({ kind: 'branch', branch: 'main' }, ctx());
    expect(first?.runId).toBe('25');
    expect(first?.location).toBe(`artifact evals of run 25 (? @ ${'5'.repeat(12)})`);
    expect(JSON.parse(first?.text ?? '').suites[0].models[0].metrics.accuracy).toBe(0.25);
    const listed = () => gh.requests.filter((q) => q.route.endsWith('/runs')).at(-1)?.query;
    expect(listed()?.get('branch')).toBe('main');
    expect(listed()?.has('head_sha')).toBe(false);
    runs = [push(24)];
    const other = await store.find({ kind: 'sha', sha: '4'.repeat(40) }, ctx());
    expect(JSON.parse(other?.text ?? '').suites[0].models[0].metrics.accuracy).toBe(0.24);
    expect(listed()?.get('head_sha')).toBe('4'.repeat(40));
    expect(listed()?.has('branch')).toBe(false);
    runs = [push(26)];
    expect(await store.find({ kind: 'branch', branch: 'main' }, ctx())).toBeUndefined();
    expect(await store.save(results([]), ctx())).toBe(
      'uploaded by the workflow\'s actions/upload-artifact step as "evals"',
    );
  });

  it('scheduled, dispatched and merge queue runs serve as baselines too', async () => {
    const store = new ArtifactStore({ client: githubClient({ baseUrl: gh.url, maxRetries: 0 }) });
    for (const [id, event] of [
      [23, 'schedule'],
      [22, 'workflow_dispatch'],
      [21, 'merge_group'],
    ] as const) {
      runs = [{ ...push(id), event }];
      artifacts = { [id]: [{ id: id * 10, name: 'autoglm-results', expired: false }] };
      gh.blob(`/blobs/${id * 10}.zip`, zipSync({ 'autoglm-results.json': json(id / 100) }));
      expect((await store.find({ kind: 'branch', branch: 'main' }, ctx()))?.runId).toBe(String(id));
    }
    runs = [{ ...push(20), event: 'pull_request_target' }];
    artifacts = { 20: [{ id: 200, name: 'autoglm-results', expired: false }] };
    gh.blob('/blobs/200.zip', zipSync({ 'autoglm-results.json': json(0.2) }));
    expect(await store.find({ kind: 'branch', branch: 'main' }, ctx())).toBeUndefined();
  });

  it('reads nothing for a local run, and says what it needs outside GitHub Actions', async () => {
    const store = new ArtifactStore();
    const before = gh.requests.length;
    expect(await store.find({ kind: 'local' }, ctx({ workflow: undefined }))).toBeUndefined();
    for (const over of [{ workflow: undefined }, { repository: undefined }]) {
      await expect(store.find({ kind: 'branch', branch: 'main' }, ctx(over))).rejects.toThrow(
        'the artifact store needs the repository and workflow (GitHub Actions only)',
      );
    }
    expect(gh.requests.length).toBe(before);
    expect(await store.save(results([]), ctx())).toBe(
      'uploaded by the workflow\'s actions/upload-artifact step as "autoglm-results"',
    );
  });
});
