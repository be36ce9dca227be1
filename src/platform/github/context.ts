import { readGithubEvent } from '../../github/event.js';

/**
 * The parts of a run @actions/github's `context` holds, read from GITHUB_* variables and the
 * validated payload. Not its module-level singleton: that parses GITHUB_EVENT_PATH unchecked when
 * the bundle loads, so a bad payload crashed every command before any message could name it.
 */
export interface GithubContext {
  eventName?: string;
  payload: Record<string, unknown>;
  sha?: string;
  runId: number;
  runAttempt: number;
  workflow?: string;
  job?: string;
  actor?: string;
  serverUrl: string;
  apiUrl: string;
  /** Throws when neither GITHUB_REPOSITORY nor the payload names the repository. */
  readonly repo: { owner: string; repo: string };
}

export function githubContext(env: NodeJS.ProcessEnv = process.env): GithubContext {
  const payload = readGithubEvent(env);
  return {
    payload,
    ...(env.GITHUB_EVENT_NAME ? { eventName: env.GITHUB_EVENT_NAME } : {}),
    ...(env.GITHUB_SHA ? { sha: env.GITHUB_SHA } : {}),
    runId: Number.parseInt(env.GITHUB_RUN_ID ?? '', 10),
    runAttempt: Number.parseInt(env.GITHUB_RUN_ATTEMPT ?? '', 10),
    ...(env.GITHUB_WORKFLOW ? { workflow: env.GITHUB_WORKFLOW } : {}),
    ...(env.GITHUB_JOB ? { job: env.GITHUB_JOB } : {}),
    ...(env.GITHUB_ACTOR ? { actor: env.GITHUB_ACTOR } : {}),
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    get repo() {
      if (env.GITHUB_REPOSITORY) {
        const [owner = '', repo = ''] = env.GITHUB_REPOSITORY.split('/');
        return { owner, repo };
      }
      const r = payload.repository;
      if (r?.owner?.login && r.name) return { owner: r.owner.login, repo: r.name };
      throw new Error("the repository is unknown: set GITHUB_REPOSITORY like 'owner/repo'");
    },
  };
}

/** What the reporting needs to know about this workflow run, read once from @actions/github. */
export interface GithubRun {
  eventName: string;
  repo: { owner: string; repo: string };
  /** The pull request this run reports on, when the event names one. */
  prNumber?: number;
  /**
   * The commit the check run belongs to: the PR head from the payload (GITHUB_SHA is the merge
   * commit on pull_request), the workflow_run's head, or GITHUB_SHA.
   */
  headSha?: string;
  /** A PR from a fork: its token is read-only whatever `permissions:` says. */
  fork: boolean;
  runId?: number;
  runAttempt?: number;
  workflow?: string;
  job?: string;
  actor?: string;
  serverUrl: string;
  apiUrl: string;
  /** The payload, for the event-specific parts (comment commands, workflow_run). */
  payload: Record<string, unknown>;
}

interface PrPayload {
  number?: number;
  head?: { sha?: string; repo?: { full_name?: string; fork?: boolean } | null };
  base?: { repo?: { full_name?: string } };
}

/** Read the run from the GITHUB_* variables and the validated GITHUB_EVENT_PATH payload. */
export function githubRun(ctx: GithubContext = githubContext()): GithubRun {
  const payload = ctx.payload as Record<string, unknown>;
  const pr = payload.pull_request as PrPayload | undefined;
  const issue = payload.issue as { number?: number; pull_request?: unknown } | undefined;
  const wr = payload.workflow_run as { head_sha?: string } | undefined;
  let repo: GithubRun['repo'];
  try {
    repo = ctx.repo;
  } catch {
    repo = { owner: '', repo: '' };
  }
  const headRepo = pr?.head?.repo;
  const fork = Boolean(
    pr &&
      (headRepo === null ||
        headRepo?.fork ||
        (headRepo?.full_name && headRepo.full_name !== pr.base?.repo?.full_name)),
  );
  const prNumber = pr?.number ?? (issue?.pull_request ? issue.number : undefined);
  const num = (n: number) => (Number.isFinite(n) ? n : undefined);
  return {
    eventName: ctx.eventName ?? '',
    repo,
    ...(prNumber !== undefined ? { prNumber } : {}),
    ...(pr?.head?.sha
      ? { headSha: pr.head.sha }
      : wr?.head_sha
        ? { headSha: wr.head_sha }
        : !issue && ctx.sha
          ? { headSha: ctx.sha }
          : {}),
    fork,
    ...(num(ctx.runId) !== undefined ? { runId: ctx.runId } : {}),
    ...(num(ctx.runAttempt) !== undefined ? { runAttempt: ctx.runAttempt } : {}),
    ...(ctx.workflow ? { workflow: ctx.workflow } : {}),
    ...(ctx.job ? { job: ctx.job } : {}),
    ...(ctx.actor ? { actor: ctx.actor } : {}),
    serverUrl: ctx.serverUrl.replace(/\/+$/, ''),
    apiUrl: ctx.apiUrl.replace(/\/+$/, ''),
    payload,
  };
}

/** Link to a workflow run's page, where its job summary and artifacts are. */
export function runUrl(
  run: Pick<GithubRun, 'serverUrl' | 'repo'>,
  runId: number | undefined,
): string | undefined {
  if (!runId || !run.repo.owner) return undefined;
  return `${run.serverUrl}/${run.repo.owner}/${run.repo.repo}/actions/runs/${runId}`;
}
