import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunContext, runContext } from '../src/baseline/context.js';
import { GitlabStore } from '../src/baseline/gitlab-store.js';
import { resolveBaseline } from '../src/baseline/store.js';
import { model, results, suite } from './factories.js';
import { FakeGitLab } from './fake-gitlab.js';
import { tempDir } from './helpers.js';

const BOT = { id: 99, username: 'project_1217_bot' };
const MERGE_BASE = 'a'.repeat(40);
const MAIN_TIP = 'b'.repeat(40);

const doc = (sha: string, accuracy: number) =>
  `${JSON.stringify({ ...results([suite([model('digits-v1', { accuracy })])]), provenance: { sha, ref: 'main' } })}\n`;

describe('gitlab baseline store', () => {
  let fake: FakeGitLab;
  beforeEach(async () => {
    fake = new FakeGitLab('1217');
    fake.addToken('glpat-bot', BOT);
    await fake.start();
  });
  afterEach(() => fake.stop());

  async function mrContext(extra: Record<string, string> = {}): Promise<RunContext> {
    return runContext(tempDir(), {
      GITLAB_CI: 'true',
      CI_API_V4_URL: `${fake.url}/api/v4`,
      CI_PROJECT_ID: '1217',
      CI_JOB_NAME: 'autoglm-eval',
      CI_JOB_TOKEN: fake.jobToken,
      CI_PIPELINE_ID: '5000',
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: '3',
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature/x',
      CI_MERGE_REQUEST_DIFF_BASE_SHA: MERGE_BASE,
      CI_DEFAULT_BRANCH: 'main',
      ...extra,
    });
  }

  it('takes the merge-base pipeline first, skipping MR pipelines and failed jobs', async () => {
    fake.addPipeline({
      ref: 'main',
      sha: MERGE_BASE,
      jobs: [
        {
          name: 'autoglm-eval',
          status: 'success',
          artifacts: { 'autoglm-results.json': doc(MERGE_BASE, 0.9) },
        },
      ],
    });
    // A newer MR pipeline on the same commit must never serve as a baseline.
    fake.addPipeline({
      ref: 'refs/merge-requests/2/head',
      sha: MERGE_BASE,
      jobs: [
        {
          name: 'autoglm-eval',
          status: 'success',
          artifacts: { 'autoglm-results.json': doc(MERGE_BASE, 0.1) },
        },
      ],
    });
    fake.addPipeline({
      ref: 'main',
      sha: MAIN_TIP,
      jobs: [
        {
          name: 'autoglm-eval',
          status: 'success',
          artifacts: { 'autoglm-results.json': doc(MAIN_TIP, 0.5) },
        },
      ],
    });
    const ctx = await mrContext({ AUTOGLM_GITLAB_TOKEN: 'glpat-bot' });
    const { baseline } = await resolveBaseline(new GitlabStore(), ctx);
    expect(baseline?.matched).toBe('merge-base');
    expect(baseline?.results.suites[0]?.models[0]?.metrics.accuracy).toBe(0.9);
    expect(baseline?.location).toMatch(
      /autoglm-results\.json of job autoglm-eval #\d+, pipeline \d+ \(main @ aaaaaaaaaaaa\)/,
    );
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v4/projects/1217/pipelines',
      `GET /api/v4/projects/1217/pipelines/${fake.pipelines[0]?.id}/jobs`,
      `GET /api/v4/projects/1217/jobs/${fake.pipelines[0]?.jobs[0]?.id}/artifacts/autoglm-results.json`,
    ]);
    expect(fake.requests[0]?.query).toMatchObject({ sha: MERGE_BASE, status: 'success' });
    expect(fake.violations).toEqual([]);
  });

  it('falls back to the target branch latest with CI_JOB_TOKEN, saying why', async () => {
    fake.addPipeline({
      ref: 'main',
      sha: MAIN_TIP,
      jobs: [{ name: 'autoglm-eval', status: 'success', artifacts: { 'out/r.json': doc(MAIN_TIP, 0.5) } }],
    });
    const ctx = await mrContext();
    const { baseline, notes } = await resolveBaseline(new GitlabStore({ artifactPath: 'out/r.json' }), ctx);
    expect(baseline?.matched).toBe('base-branch');
    expect(baseline?.sha).toBe(MAIN_TIP);
    expect(notes.join('\n')).toContain('needs an access token');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      path: '/api/v4/projects/1217/jobs/artifacts/main/raw/out/r.json',
      query: { job: 'autoglm-eval' },
      auth: `JOB-TOKEN ${fake.jobToken}`,
    });
  });

  it('reads the job the baseline-job input names, and encodes branch names', async () => {
    fake.addPipeline({
      ref: 'release/1.x',
      sha: MAIN_TIP,
      jobs: [
        {
          name: 'nightly eval',
          status: 'success',
          artifacts: { 'autoglm-results.json': doc(MAIN_TIP, 0.7) },
        },
      ],
    });
    const ctx = await mrContext({
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'release/1.x',
      CI_MERGE_REQUEST_DIFF_BASE_SHA: '',
      AUTOGLM_BASELINE_JOB: 'nightly eval',
    });
    const { baseline } = await resolveBaseline(new GitlabStore(), ctx);
    expect(baseline?.results.suites[0]?.models[0]?.metrics.accuracy).toBe(0.7);
    expect(fake.requests[0]?.path).toBe(
      '/api/v4/projects/1217/jobs/artifacts/release%2F1.x/raw/autoglm-results.json',
    );
  });

  it('a missing baseline is a notice; a corrupt one is skipped with a warning', async () => {
    const none = await resolveBaseline(new GitlabStore(), await mrContext());
    expect(none.baseline).toBeUndefined();
    expect(none.notes.at(-1)).toBe('no baseline yet for main; this run will become one when merged');
    fake.addPipeline({
      ref: 'main',
      sha: MAIN_TIP,
      jobs: [
        {
          name: 'autoglm-eval',
          status: 'success',
          artifacts: { 'autoglm-results.json': '{"schemaVersion": 1' },
        },
      ],
    });
    const corrupt = await resolveBaseline(new GitlabStore(), await mrContext());
    expect(corrupt.baseline).toBeUndefined();
    expect(corrupt.notes.join('\n')).toMatch(
      /ignored the baseline at autoglm-results\.json of job autoglm-eval, latest successful pipeline on main: not valid JSON/,
    );
  });

  it('history: the branch last successful runs, oldest first, skipping corrupt ones', async () => {
    for (const [i, acc] of [0.9, 0.91, 0.92].entries()) {
      fake.addPipeline({
        ref: 'main',
        sha: String(i).repeat(40),
        jobs: [
          {
            name: 'autoglm-eval',
            status: 'success',
            artifacts: { 'autoglm-results.json': doc(String(i).repeat(40), acc) },
          },
        ],
      });
    }
    fake.addPipeline({ ref: 'main', sha: 'c'.repeat(40), status: 'failed', jobs: [] });
    fake.addPipeline({
      ref: 'main',
      sha: 'd'.repeat(40),
      jobs: [{ name: 'autoglm-eval', status: 'success', artifacts: { 'autoglm-results.json': 'not json' } }],
    });
    fake.addPipeline({
      ref: 'other',
      sha: 'e'.repeat(40),
      jobs: [
        {
          name: 'autoglm-eval',
          status: 'success',
          artifacts: { 'autoglm-results.json': doc('e'.repeat(40), 0.1) },
        },
      ],
    });
    const warnings: string[] = [];
    const store = new GitlabStore({ log: (m) => warnings.push(m) });
    const history = await store.history('main', 100, await mrContext({ AUTOGLM_GITLAB_TOKEN: 'glpat-bot' }));
    expect(history.map((r) => r.suites[0]?.models[0]?.metrics.accuracy)).toEqual([0.9, 0.91, 0.92]);
    expect(warnings).toHaveLength(1);
    expect(fake.requests[0]?.query).toMatchObject({ ref: 'main', status: 'success', per_page: '30' });
    // CI_JOB_TOKEN cannot list pipelines: no history, no error.
    expect(await store.history('main', 100, await mrContext())).toEqual([]);
  });

  it('branch pipelines on the default branch may save, MR pipelines never', async () => {
    const push = await runContext(tempDir(), {
      GITLAB_CI: 'true',
      CI_PIPELINE_SOURCE: 'push',
      CI_COMMIT_BRANCH: 'main',
      CI_DEFAULT_BRANCH: 'main',
      CI_JOB_NAME: 'autoglm-eval',
      CI_PIPELINE_ID: '77',
    });
    expect(push.canSave).toBe(true);
    expect(await new GitlabStore().save(results([]), push)).toContain(
      'artifacts of job autoglm-eval (pipeline 77)',
    );
    expect((await mrContext()).canSave).toBe(false);
  });

  it('skips the running pipeline itself, and jobs of another name', async () => {
    // An older run on main whose results do not parse: history leaves it out with a warning.
    fake.addPipeline({
      ref: 'main',
      sha: 'c'.repeat(40),
      jobs: [{ name: 'autoglm-eval', status: 'success', artifacts: { 'autoglm-results.json': '{' } }],
    });
    const older = fake.addPipeline({
      ref: 'main',
      sha: MERGE_BASE,
      jobs: [
        { name: 'lint', status: 'success', artifacts: { 'autoglm-results.json': doc(MERGE_BASE, 0.2) } },
        {
          name: 'autoglm-eval',
          status: 'success',
          artifacts: { 'autoglm-results.json': doc(MERGE_BASE, 0.9) },
        },
      ],
    });
    fake.addPipeline({
      ref: 'main',
      sha: MERGE_BASE,
      jobs: [
        { name: 'lint', status: 'success', artifacts: { 'autoglm-results.json': doc(MERGE_BASE, 0.3) } },
      ],
    });
    // The running pipeline is the newest on that commit.
    const mine = fake.addPipeline({
      ref: 'main',
      sha: MERGE_BASE,
      jobs: [
        {
          name: 'autoglm-eval',
          status: 'success',
          artifacts: { 'autoglm-results.json': doc(MERGE_BASE, 0.1) },
        },
      ],
    });
    const ctx = await mrContext({ AUTOGLM_GITLAB_TOKEN: 'glpat-bot', CI_PIPELINE_ID: String(mine.id) });
    const { baseline } = await resolveBaseline(new GitlabStore(), ctx);
    expect(baseline?.results.suites[0]?.models[0]?.metrics.accuracy).toBe(0.9);
    expect(baseline?.runId).toBe(String(older.id));
    expect(baseline?.location).toBe(
      `autoglm-results.json of job autoglm-eval #${older.jobs[1]?.id}, pipeline ${older.id} (main @ aaaaaaaaaaaa)`,
    );
    // The history skips the running pipeline too, and asks for no more runs than wanted.
    const history = await new GitlabStore().history('main', 5, ctx);
    expect(history.map((r) => r.suites[0]?.models[0]?.metrics.accuracy)).toEqual([0.9]);
    const warnings: string[] = [];
    await new GitlabStore({ log: (m) => warnings.push(m) }).history('main', 5, ctx);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^warning: ignored the baseline at autoglm-results\.json of job autoglm-eval #\d+, pipeline \d+ \(main @ cccccccccccc\): not valid JSON/,
      ),
    ]);
    expect(fake.requests.find((r) => r.query.ref === 'main')?.query).toMatchObject({ per_page: '5' });
  });

  it('a relative artifact path reads the same file; its location names it without ./', async () => {
    fake.addPipeline({
      ref: 'main',
      sha: MAIN_TIP,
      jobs: [{ name: 'autoglm-eval', status: 'success', artifacts: { 'out/r.json': '{' } }],
    });
    // The fetch given to the store is the one it uses.
    const asked: string[] = [];
    const fetched: typeof fetch = (url, init) => {
      asked.push(String(url));
      return fetch(url, init);
    };
    const r = await resolveBaseline(
      new GitlabStore({ artifactPath: './out/r.json', fetch: fetched }),
      await mrContext(),
    );
    expect(r.notes).toEqual([
      'could not read the gitlab baseline store: finding the merge-base pipeline needs an access token (CI_JOB_TOKEN cannot list pipelines); trying the target branch',
      expect.stringMatching(
        /^ignored the baseline at out\/r\.json of job autoglm-eval, latest successful pipeline on main: not valid JSON/,
      ),
      'no baseline yet for main; this run will become one when merged',
    ]);
    expect(asked).toEqual([
      `${fake.url}/api/v4/projects/1217/jobs/artifacts/main/raw/out/r.json?job=autoglm-eval`,
    ]);
  });

  it('a pipeline or branch whose job kept no results file is passed over quietly', async () => {
    const tip = fake.addPipeline({
      ref: 'main',
      sha: MERGE_BASE,
      jobs: [{ name: 'autoglm-eval', status: 'success', artifacts: { 'other.json': '{}' } }],
    });
    const ctx = await mrContext({ AUTOGLM_GITLAB_TOKEN: 'glpat-bot' });
    const r = await resolveBaseline(new GitlabStore(), ctx);
    expect(r).toEqual({ notes: ['no baseline yet for main; this run will become one when merged'] });
    expect(fake.requests.map((q) => q.path)).toEqual([
      '/api/v4/projects/1217/pipelines',
      `/api/v4/projects/1217/pipelines/${tip.id}/jobs`,
      `/api/v4/projects/1217/jobs/${tip.jobs[0]?.id}/artifacts/autoglm-results.json`,
      '/api/v4/projects/1217/jobs/artifacts/main/raw/autoglm-results.json',
    ]);
  });

  it('outside GitLab CI it says which variables it needs', async () => {
    const store = new GitlabStore();
    const ctx = await mrContext();
    const want = { kind: 'branch' as const, branch: 'main' };
    await expect(store.find(want, { ...ctx, apiUrl: undefined })).rejects.toThrow(
      'the gitlab store needs CI_API_V4_URL and CI_PROJECT_ID (GitLab CI only)',
    );
    await expect(store.find(want, { ...ctx, projectId: undefined })).rejects.toThrow(
      'the gitlab store needs CI_API_V4_URL and CI_PROJECT_ID (GitLab CI only)',
    );
    await expect(store.history('main', 5, { ...ctx, baselineJob: undefined })).rejects.toThrow(
      'the gitlab store needs the baseline job name (AUTOGLM_BASELINE_JOB)',
    );
    expect(await store.find({ kind: 'local' }, { ...ctx, apiUrl: undefined })).toBeUndefined();
    expect(fake.requests).toEqual([]);
    expect(
      await new GitlabStore({ artifactPath: 'r.json' }).save(results([]), {
        ...ctx,
        baselineJob: undefined,
        runId: undefined,
      }),
    ).toBe(
      'kept as r.json in the artifacts of job ? (pipeline ?); later merge request pipelines read it from there',
    );
  });
});
