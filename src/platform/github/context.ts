import * as github from '@actions/github';

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

/** Read the run from @actions/github's context (GITHUB_EVENT_PATH, GITHUB_* variables). */
export function githubRun(ctx: typeof github.context = github.context): GithubRun {
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
