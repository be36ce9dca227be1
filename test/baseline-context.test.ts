import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runContext } from '../src/baseline/context.js';
import { gitSh, tempDir } from './helpers.js';

/** What a run's CI variables (and local git) say about which baseline applies and whether to save. */

const sh = gitSh;
const SHA = 'a'.repeat(40);
const HEAD_SHA = 'e'.repeat(40);

/** GitHub Actions variables of a run in a folder that is no git checkout, with this event payload. */
function github(event: unknown, env: Record<string, string> = {}): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = tempDir('autoglm-ctx-');
  const file = path.join(dir, 'event.json');
  writeFileSync(file, JSON.stringify(event));
  return {
    dir,
    env: {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_PATH: file,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF_NAME: 'main',
      GITHUB_SHA: SHA,
      ...env,
    },
  };
}

const repo = { default_branch: 'main' };

describe('runContext on GitHub Actions', () => {
  it('a push to the default branch: every field the stores and the report read', async () => {
    const { dir, env } = github(
      { repository: repo },
      {
        GITHUB_REPOSITORY: 'octo/models',
        GITHUB_RUN_ID: '123',
        GITHUB_WORKFLOW_REF: 'octo/models/.github/workflows/ci.yml@refs/heads/main',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_TOKEN: 'env-token',
      },
    );
    expect(await runContext(dir, env)).toStrictEqual({
      platform: 'github',
      event: 'push',
      sha: SHA,
      branch: 'main',
      baseBranch: 'main',
      defaultBranch: 'main',
      baseSha: undefined,
      prNumber: undefined,
      repository: { owner: 'octo', repo: 'models' },
      runId: '123',
      workflow: '.github/workflows/ci.yml',
      apiUrl: 'https://api.github.com',
      serverUrl: 'https://github.com',
      token: 'env-token',
      canSave: true,
      notes: [],
    });
  });

  it('the token and base branch given on the command line win; empty variables count as unset', async () => {
    const { dir, env } = github(
      { repository: repo },
      { GITHUB_TOKEN: 'env-token', GITHUB_API_URL: 'https://ghes.corp/api/v3', GITHUB_REPOSITORY: 'octo' },
    );
    const ctx = await runContext(dir, env, { token: 'cli-token', baseBranch: 'release' });
    expect(ctx).toMatchObject({
      token: 'cli-token',
      baseBranch: 'release',
      apiUrl: 'https://ghes.corp/api/v3',
    });
    expect(ctx.repository).toBeUndefined();
    expect(ctx.workflow).toBeUndefined();
    expect((await runContext(dir, { ...env, GITHUB_TOKEN: '' })).token).toBeUndefined();
    expect(
      (await runContext(dir, { ...env, GITHUB_WORKFLOW_REF: 'octo/models@x' })).workflow,
    ).toBeUndefined();
  });

  it('only pushes and schedules on the default or a protected branch may save', async () => {
    const canSave = async (event: string, branch: string, extra: Record<string, string> = {}) => {
      const { dir, env } = github(
        { repository: repo },
        { GITHUB_EVENT_NAME: event, GITHUB_REF_NAME: branch, ...extra },
      );
      const ctx = await runContext(dir, env);
      return `${ctx.event} ${ctx.canSave}`;
    };
    expect(await canSave('push', 'main')).toBe('push true');
    expect(await canSave('schedule', 'main')).toBe('other true');
    expect(await canSave('workflow_dispatch', 'main')).toBe('other false');
    expect(await canSave('push', 'dev')).toBe('push false');
    expect(await canSave('push', 'dev', { GITHUB_REF_PROTECTED: 'true' })).toBe('push true');
    expect(await canSave('schedule', 'dev', { GITHUB_REF_PROTECTED: 'false' })).toBe('other false');
  });

  it('a pull request: the head commit, the base, its number; never saves', async () => {
    const { dir, env } = github(
      {
        pull_request: { number: 7, head: { sha: HEAD_SHA }, base: { ref: 'main', sha: SHA } },
        repository: repo,
      },
      { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'feature/x', GITHUB_REF_NAME: '7/merge' },
    );
    const ctx = await runContext(dir, env);
    expect(ctx).toMatchObject({
      event: 'pull_request',
      sha: HEAD_SHA,
      branch: 'feature/x',
      baseBranch: 'main',
      baseSha: SHA,
      prNumber: 7,
      canSave: false,
    });
    // No git history here and no token for the API: the report says why there is no merge-base.
    expect(ctx.mergeBaseSha).toBeUndefined();
    expect(ctx.notes).toEqual(['no merge-base with main in this clone']);
  });

  it('a pull_request_target run with no payload is a pull request too, named by the variables', async () => {
    const { dir, env } = github(
      {},
      {
        GITHUB_EVENT_NAME: 'pull_request_target',
        GITHUB_BASE_REF: 'develop',
        GITHUB_HEAD_REF: 'fix',
      },
    );
    const ctx = await runContext(dir, env);
    expect(ctx).toMatchObject({ event: 'pull_request', sha: SHA, branch: 'fix', baseBranch: 'develop' });
    expect(ctx.notes).toEqual(['no merge-base with develop in this clone']);
    // A payload that names the pull request but not its head or base: the variables stand in.
    const bare = github({ pull_request: { number: 3 } }, { GITHUB_EVENT_NAME: 'pull_request' });
    expect(await runContext(bare.dir, bare.env)).toMatchObject({
      event: 'pull_request',
      sha: SHA,
      baseBranch: undefined,
      baseSha: undefined,
      prNumber: 3,
    });
    // An event whose name merely contains pull_request is not one.
    const other = github({}, { GITHUB_EVENT_NAME: 'not_pull_request', GITHUB_BASE_REF: 'develop' });
    expect((await runContext(other.dir, other.env)).event).toBe('other');
  });
});

describe('runContext on GitLab CI', () => {
  const base = { GITLAB_CI: 'true', CI_DEFAULT_BRANCH: 'main', CI_COMMIT_SHA: SHA, CI_PIPELINE_ID: '900' };

  it('a merge request pipeline: GitLab computed the merge-base; it never saves', async () => {
    const ctx = await runContext(tempDir(), {
      ...base,
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: '12',
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature/x',
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'develop',
      CI_MERGE_REQUEST_DIFF_BASE_SHA: 'b'.repeat(40),
      CI_MERGE_REQUEST_TARGET_BRANCH_SHA: 'c'.repeat(40),
      CI_COMMIT_REF_PROTECTED: 'true',
      CI_API_V4_URL: 'https://gitlab.example/api/v4',
      CI_SERVER_URL: 'https://gitlab.example',
      CI_PROJECT_ID: '17',
      CI_JOB_TOKEN: 'job',
      CI_JOB_NAME: 'eval',
      AUTOGLM_GITLAB_TOKEN: 'glpat',
    });
    expect(ctx).toStrictEqual({
      platform: 'gitlab',
      event: 'pull_request',
      sha: SHA,
      branch: 'feature/x',
      baseBranch: 'develop',
      defaultBranch: 'main',
      mergeBaseSha: 'b'.repeat(40),
      baseSha: 'c'.repeat(40),
      prNumber: 12,
      runId: '900',
      apiUrl: 'https://gitlab.example/api/v4',
      serverUrl: 'https://gitlab.example',
      token: 'glpat',
      projectId: '17',
      jobToken: 'job',
      baselineJob: 'eval',
      canSave: false,
      notes: [],
    });
  });

  it('a branch pipeline: its branch, the default branch as base; empty variables count as unset', async () => {
    const ctx = await runContext(
      tempDir(),
      {
        ...base,
        CI_PIPELINE_SOURCE: 'push',
        CI_COMMIT_BRANCH: 'main',
        CI_MERGE_REQUEST_TARGET_BRANCH_SHA: '',
        CI_JOB_TOKEN: '',
        CI_JOB_NAME: 'eval',
        AUTOGLM_BASELINE_JOB: 'nightly',
        AUTOGLM_GITLAB_TOKEN: 'glpat',
      },
      { token: 'cli' },
    );
    expect(ctx).toMatchObject({
      event: 'push',
      branch: 'main',
      baseBranch: 'main',
      baselineJob: 'nightly',
      token: 'cli',
    });
    expect(ctx.baseSha).toBeUndefined();
    expect(ctx.jobToken).toBeUndefined();
    expect(ctx.prNumber).toBeUndefined();
  });

  it('only pushes and schedules on the default or a protected branch may save', async () => {
    const canSave = async (source: string, branch: string, protectedRef = 'false') => {
      const ctx = await runContext(tempDir(), {
        ...base,
        CI_PIPELINE_SOURCE: source,
        CI_COMMIT_BRANCH: branch,
        CI_COMMIT_REF_PROTECTED: protectedRef,
      });
      return `${ctx.event} ${ctx.canSave}`;
    };
    expect(await canSave('push', 'main')).toBe('push true');
    expect(await canSave('schedule', 'main')).toBe('other true');
    expect(await canSave('web', 'main')).toBe('other false');
    expect(await canSave('push', 'dev')).toBe('push false');
    expect(await canSave('push', 'dev', 'true')).toBe('push true');
  });
});

describe('runContext of a local run', () => {
  const commit = (clone: string, file: string) => {
    writeFileSync(path.join(clone, file), `${file}\n`);
    sh(clone, 'add', file);
    sh(clone, 'commit', '--quiet', '-m', file);
    return sh(clone, 'rev-parse', 'HEAD');
  };

  /** A bare origin whose main has 3 commits, and a clone on main. */
  function clone(): { root: string; origin: string; clone: string } {
    const root = tempDir('autoglm-local-');
    const origin = path.join(root, 'origin.git');
    sh(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
    const dir = path.join(root, 'clone');
    sh(root, 'clone', '--quiet', origin, dir);
    sh(dir, 'checkout', '--quiet', '-b', 'main');
    for (const f of ['a', 'b', 'c']) commit(dir, f);
    sh(dir, 'push', '--quiet', 'origin', 'main');
    return { root, origin, clone: dir };
  }

  it('outside git: no commit, no branch, never saves', async () => {
    expect(await runContext(tempDir(), { AUTOGLM_BASE_BRANCH: 'main' })).toStrictEqual({
      platform: 'local',
      event: 'other',
      sha: undefined,
      branch: undefined,
      baseBranch: 'main',
      canSave: false,
      notes: [],
    });
    expect((await runContext(tempDir(), { AUTOGLM_BASE_BRANCH: '' })).baseBranch).toBeUndefined();
    expect(
      (await runContext(tempDir(), { AUTOGLM_BASE_BRANCH: 'main' }, { baseBranch: 'dev' })).baseBranch,
    ).toBe('dev');
  });

  it('says how local main relates to origin/main: behind, diverged, one commit', async () => {
    const { clone: dir } = clone();
    const pushed = sh(dir, 'rev-parse', 'HEAD');
    sh(dir, 'reset', '--quiet', '--hard', 'HEAD~2');
    const behind = await runContext(dir, { AUTOGLM_BASE_BRANCH: 'main' });
    expect(behind).toMatchObject({
      sha: sh(dir, 'rev-parse', 'HEAD'),
      branch: 'main',
      mergeBaseSha: sh(dir, 'rev-parse', 'HEAD'),
      baseRef: { used: 'origin/main', relation: 'local main is 2 commits behind' },
    });
    commit(dir, 'd');
    const diverged = await runContext(dir, { AUTOGLM_BASE_BRANCH: 'main' });
    expect(diverged.baseRef?.relation).toBe('local main has diverged: 1 commit ahead, 2 commits behind');
    sh(dir, 'reset', '--quiet', '--hard', pushed);
    sh(dir, 'reset', '--quiet', '--hard', 'HEAD~1');
    expect((await runContext(dir, { AUTOGLM_BASE_BRANCH: 'main' })).baseRef?.relation).toBe(
      'local main is 1 commit behind',
    );
    // Level with origin/main: no relation to report.
    sh(dir, 'reset', '--quiet', '--hard', pushed);
    expect((await runContext(dir, { AUTOGLM_BASE_BRANCH: 'main' })).baseRef).toStrictEqual({
      used: 'origin/main',
    });
  });

  it('a GitHub pull request in a full clone takes the merge-base from git, not from the API', async () => {
    const { root, clone: dir } = clone();
    const base = sh(dir, 'rev-parse', 'HEAD');
    sh(dir, 'checkout', '--quiet', '-b', 'feature');
    const head = commit(dir, 'f');
    const event = path.join(root, 'event.json');
    writeFileSync(
      event,
      JSON.stringify({ pull_request: { number: 5, head: { sha: head }, base: { ref: 'main', sha: base } } }),
    );
    // A token and repository are there, but the API is unreachable: asking it would lose the merge-base.
    const ctx = await runContext(
      dir,
      {
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_HEAD_REF: 'feature',
        GITHUB_REPOSITORY: 'octo/models',
        GITHUB_API_URL: 'http://127.0.0.1:9',
      },
      { token: 't' },
    );
    expect(ctx).toMatchObject({ mergeBaseSha: base, baseRef: { used: 'origin/main' }, notes: [] });
  });

  it('with no origin/main, the local branch; with no base at all, why', async () => {
    const { root, origin } = clone();
    // A repository with no remote: main itself is the base.
    const alone = path.join(root, 'alone');
    sh(root, 'clone', '--quiet', origin, alone);
    sh(alone, 'remote', 'remove', 'origin');
    sh(alone, 'checkout', '--quiet', '-b', 'feature');
    commit(alone, 'f');
    const ctx = await runContext(alone, { AUTOGLM_BASE_BRANCH: 'main' });
    expect(ctx.baseRef).toStrictEqual({ used: 'main' });
    expect(ctx.mergeBaseSha).toBe(sh(alone, 'rev-parse', 'main'));
    // A shallow clone of one branch holds no main: the note says how to get the history.
    const shallow = path.join(root, 'shallow');
    sh(root, 'clone', '--quiet', '--depth', '1', '--no-local', `file://${origin}`, shallow);
    sh(shallow, 'checkout', '--quiet', '-b', 'feature');
    sh(shallow, 'branch', '--quiet', '-D', 'main');
    sh(shallow, 'update-ref', '-d', 'refs/remotes/origin/main');
    const cut = await runContext(shallow, { AUTOGLM_BASE_BRANCH: 'main' });
    expect(cut.mergeBaseSha).toBeUndefined();
    expect(cut.notes).toEqual([
      'the clone is shallow, so the merge-base with main is unknown: use actions/checkout with fetch-depth: 0 (or fetch main) to compare against it',
    ]);
    // A full clone whose base shares no history with HEAD.
    sh(alone, 'checkout', '--quiet', '--orphan', 'island');
    commit(alone, 'g');
    const unrelated = await runContext(alone, { AUTOGLM_BASE_BRANCH: 'main' });
    expect(unrelated.mergeBaseSha).toBeUndefined();
    expect(unrelated.notes).toEqual(['no merge-base with main in this clone']);
  });
});
