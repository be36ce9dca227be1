import { readGithubEvent } from '../github/event.js';
import { githubClient } from '../github/octokit.js';
import { gitlabToken } from '../gitlab/api.js';
import { git, mergeBase, resolveCommit } from './git.js';

/** Where and why this run happens: what decides which baseline applies and whether to save one. */
export interface RunContext {
  platform: 'github' | 'gitlab' | 'local';
  /** `pull_request` for PR/MR pipelines, `push` for branch pushes, `other` for the rest. */
  event: 'pull_request' | 'push' | 'other';
  /** The commit under test (the PR head, not GitHub's synthetic merge commit). */
  sha?: string;
  /** Branch under test. */
  branch?: string;
  /** PR/MR target branch; on pushes, the default branch. */
  baseBranch?: string;
  defaultBranch?: string;
  /** Commit where the PR branched off its base: the right baseline, not the moving base tip. */
  mergeBaseSha?: string;
  /** Base branch tip as the event saw it (fallback when the merge-base has no baseline). */
  baseSha?: string;
  prNumber?: number;
  repository?: { owner: string; repo: string };
  runId?: string;
  /** Workflow file (GitHub), for finding runs of the same workflow. */
  workflow?: string;
  /** GitLab project id (CI_PROJECT_ID), CI_JOB_TOKEN, and the job whose artifacts hold baselines. */
  projectId?: string;
  jobToken?: string;
  baselineJob?: string;
  apiUrl?: string;
  serverUrl?: string;
  token?: string;
  /** Whether this run may write a baseline: pushes to the default or a protected branch only. */
  canSave: boolean;
  /** Why a merge-base could not be computed (shallow clone ...), for the report. */
  notes: string[];
  /** The ref the merge-base was computed with, and how the local branch of that name relates to it. */
  baseRef?: BaseRef;
}

export interface BaseRef {
  /** `origin/main`, or `main` when there is no remote-tracking ref. */
  used: string;
  /** `local main is 3 commits ahead`, when `main` and `origin/main` both exist and differ. */
  relation?: string;
}

/** How local `branch` relates to `origin/branch`, when both exist and differ. */
async function relationOf(cwd: string, branch: string): Promise<string | undefined> {
  const remote = await resolveCommit(cwd, `refs/remotes/origin/${branch}`);
  const local = await resolveCommit(cwd, `refs/heads/${branch}`);
  if (!remote || !local || remote === local) return undefined;
  const r = await git(cwd, ['rev-list', '--left-right', '--count', `${remote}...${local}`]);
  const [behind, ahead] = r.stdout.trim().split(/\s+/).map(Number);
  if (r.code !== 0 || behind === undefined || ahead === undefined) return undefined;
  const n = (k: number) => `${k} commit${k === 1 ? '' : 's'}`;
  if (!behind) return `local ${branch} is ${n(ahead)} ahead`;
  if (!ahead) return `local ${branch} is ${n(behind)} behind`;
  return `local ${branch} has diverged: ${n(ahead)} ahead, ${n(behind)} behind`;
}

/** The merge-base from local history, fetching the base branch's history when the clone lacks it. */
async function localMergeBase(
  cwd: string,
  baseBranch: string,
  head: string,
  notes: string[],
): Promise<{ sha: string; ref: BaseRef } | undefined> {
  const candidates = [`origin/${baseBranch}`, baseBranch];
  for (const ref of candidates) {
    if (!(await resolveCommit(cwd, ref))) continue;
    const base = await mergeBase(cwd, ref, head);
    if (!base) continue;
    const relation = await relationOf(cwd, baseBranch);
    return { sha: base, ref: { used: ref, ...(relation ? { relation } : {}) } };
  }
  const shallow = (await git(cwd, ['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
  notes.push(
    shallow
      ? `the clone is shallow, so the merge-base with ${baseBranch} is unknown: use actions/checkout with fetch-depth: 0 (or fetch ${baseBranch}) to compare against it`
      : `no merge-base with ${baseBranch} in this clone`,
  );
  return undefined;
}

/** The remote's default branch (`origin/HEAD` -> `main`), when the clone knows it. */
async function originHead(cwd: string): Promise<string | undefined> {
  const r = await git(cwd, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  const name = r.code === 0 ? r.stdout.trim().replace(/^origin\//, '') : '';
  return name || undefined;
}

async function apiMergeBase(ctx: RunContext, baseBranch: string, head: string): Promise<string | undefined> {
  const gh = githubClient({ token: ctx.token, baseUrl: ctx.apiUrl, maxRetries: 1 });
  const { data } = await gh.rest.repos.compareCommitsWithBasehead({
    ...(ctx.repository as { owner: string; repo: string }),
    basehead: `${baseBranch}...${head}`,
    per_page: 1,
  });
  return data.merge_base_commit?.sha;
}

/** Read the run's context from the CI's variables (GitHub Actions, GitLab CI) and local git. */
export async function runContext(
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
  overrides: { token?: string; baseBranch?: string } = {},
): Promise<RunContext> {
  const notes: string[] = [];
  if (env.GITHUB_ACTIONS === 'true') {
    const event = readGithubEvent(env);
    const isPr = Boolean(event.pull_request) || /^pull_request/.test(env.GITHUB_EVENT_NAME ?? '');
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    const defaultBranch = event.repository?.default_branch;
    const baseBranch = isPr
      ? (env.GITHUB_BASE_REF ?? event.pull_request?.base?.ref)
      : (overrides.baseBranch ?? defaultBranch ?? (await originHead(cwd)));
    const sha = isPr ? (event.pull_request?.head?.sha ?? env.GITHUB_SHA) : env.GITHUB_SHA;
    const branch = isPr ? env.GITHUB_HEAD_REF : env.GITHUB_REF_NAME;
    const ctx: RunContext = {
      platform: 'github',
      event: isPr ? 'pull_request' : env.GITHUB_EVENT_NAME === 'push' ? 'push' : 'other',
      sha,
      branch,
      baseBranch,
      defaultBranch,
      baseSha: event.pull_request?.base?.sha,
      prNumber: event.pull_request?.number,
      repository: owner && repo ? { owner, repo } : undefined,
      runId: env.GITHUB_RUN_ID,
      workflow: env.GITHUB_WORKFLOW_REF?.split('@')[0]?.split('/').slice(2).join('/') || undefined,
      apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
      serverUrl: env.GITHUB_SERVER_URL,
      token: overrides.token || env.GITHUB_TOKEN || undefined,
      // Scheduled runs on the default branch run every suite: as good a baseline as a push.
      canSave:
        (env.GITHUB_EVENT_NAME === 'push' || env.GITHUB_EVENT_NAME === 'schedule') &&
        (branch === defaultBranch || env.GITHUB_REF_PROTECTED === 'true'),
      notes,
    };
    if (isPr && baseBranch && sha) {
      const local: string[] = [];
      const found = await localMergeBase(cwd, baseBranch, sha, local);
      if (found) {
        ctx.mergeBaseSha = found.sha;
        ctx.baseRef = found.ref;
      }
      // A shallow clone (checkout's default) lacks the history: ask the API for the merge-base.
      if (!ctx.mergeBaseSha && ctx.token && ctx.repository) {
        ctx.mergeBaseSha = await apiMergeBase(ctx, baseBranch, sha).catch(() => undefined);
      }
      if (!ctx.mergeBaseSha) notes.push(...local);
    }
    return ctx;
  }
  if (env.GITLAB_CI === 'true') {
    const isMr = Boolean(env.CI_MERGE_REQUEST_IID);
    const branch = isMr ? env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME : env.CI_COMMIT_BRANCH;
    return {
      platform: 'gitlab',
      event: isMr ? 'pull_request' : env.CI_PIPELINE_SOURCE === 'push' ? 'push' : 'other',
      sha: env.CI_COMMIT_SHA,
      branch,
      baseBranch: isMr ? env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME : env.CI_DEFAULT_BRANCH,
      defaultBranch: env.CI_DEFAULT_BRANCH,
      // GitLab computes the merge-base itself for merge request pipelines.
      mergeBaseSha: env.CI_MERGE_REQUEST_DIFF_BASE_SHA,
      baseSha: env.CI_MERGE_REQUEST_TARGET_BRANCH_SHA || undefined,
      prNumber: env.CI_MERGE_REQUEST_IID ? Number(env.CI_MERGE_REQUEST_IID) : undefined,
      runId: env.CI_PIPELINE_ID,
      apiUrl: env.CI_API_V4_URL,
      serverUrl: env.CI_SERVER_URL,
      token: overrides.token || gitlabToken(env),
      projectId: env.CI_PROJECT_ID,
      jobToken: env.CI_JOB_TOKEN || undefined,
      baselineJob: env.AUTOGLM_BASELINE_JOB || env.CI_JOB_NAME,
      canSave:
        !isMr &&
        (env.CI_PIPELINE_SOURCE === 'push' || env.CI_PIPELINE_SOURCE === 'schedule') &&
        (branch === env.CI_DEFAULT_BRANCH || env.CI_COMMIT_REF_PROTECTED === 'true'),
      notes,
    };
  }
  // Local runs: compare the current branch with the default branch's merge-base, never save implicitly.
  const head = await resolveCommit(cwd, 'HEAD');
  const branch = (await git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD'])).stdout.trim() || undefined;
  // Nothing names the base branch: the remote's default branch, as the clone recorded it.
  const baseBranch =
    overrides.baseBranch ?? (env.AUTOGLM_BASE_BRANCH || undefined) ?? (await originHead(cwd));
  const ctx: RunContext = {
    platform: 'local',
    event: 'other',
    sha: head,
    branch,
    baseBranch,
    canSave: false,
    notes,
  };
  if (head && baseBranch) {
    const found = await localMergeBase(cwd, baseBranch, head, notes);
    if (found) {
      ctx.mergeBaseSha = found.sha;
      ctx.baseRef = found.ref;
    }
  }
  return ctx;
}
