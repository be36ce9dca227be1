import path from 'node:path';
import * as core from '@actions/core';
import { UsageError } from '../errors.js';
import type { GitHubClient } from '../github/octokit.js';
import { downloadResults, findPrByHeadSha } from '../platform/github/artifact.js';
import { handleCommentCommand } from '../platform/github/commands.js';
import { type GithubRun, githubRun, runUrl } from '../platform/github/context.js';
import { publishToGithub } from '../platform/github/publish.js';
import { redact } from '../report/escape.js';
import { renderMarkdown } from '../report/markdown.js';
import { writeFileAtomic, writeResults } from '../results/io.js';
import type { Results } from '../results/schema.js';
import type { ActionInputs } from './inputs.js';

export interface Reporting {
  inputs: ActionInputs;
  gh: GitHubClient | undefined;
  secrets: string[];
}

export interface Reported {
  results: Results;
  /** The full report for the job summary. */
  markdown: string;
  resultsPath?: string;
  reportPath?: string;
  commentUrl?: string;
  checkUrl?: string;
}

const log = { info: (m: string) => core.info(m), warning: (m: string) => core.warning(m) };

/** `autoglm` for the default config, `autoglm (other.yml)` where several configs run. */
export function checkName(config: string): string {
  return config === 'autoglm.yml' ? 'autoglm' : `autoglm (${config})`;
}

function stickyKey(run: GithubRun, inputs: ActionInputs): string {
  return `${run.workflow ?? 'workflow'}/${run.job ?? 'job'}/${inputs.config}`;
}

/**
 * The action by mode and event: `issue_comment` runs the comment commands; `publish` posts the
 * results artifact of a finished stage-one run; `analyze` runs and posts nothing; `auto` runs and
 * posts. Returns undefined when there is nothing to report (a comment without a command).
 */
export async function reportToGithub(
  r: Reporting,
  analyze: () => Promise<{ results: Results; markdown: string; resultsPath: string; reportPath: string }>,
): Promise<Reported | undefined> {
  const { inputs, gh, secrets } = r;
  const run = githubRun();
  if (run.eventName === 'issue_comment') {
    if (!gh) throw new UsageError("'github-token' input: the comment commands need a token");
    const outcome = await handleCommentCommand({ gh, run, secrets, log });
    if (!outcome.publish) return undefined;
    return { results: outcome.publish.results, markdown: outcome.publish.markdown, ...urls(outcome.publish) };
  }
  if (inputs.mode === 'publish') return publishStage(r, run);
  const outcome = await analyze();
  const base = {
    results: outcome.results,
    markdown: redact(outcome.markdown, secrets),
    resultsPath: outcome.resultsPath,
    reportPath: outcome.reportPath,
  };
  if (inputs.mode === 'analyze') {
    core.info('autoglm: mode analyze: results written for upload; nothing posted');
    return base;
  }
  if (!gh || !run.repo.owner) {
    core.info('autoglm: no token or repository: the report goes to the job summary only');
    return base;
  }
  const published = await publishToGithub({
    gh,
    repo: run.repo,
    results: outcome.results,
    failOn: inputs.failOn,
    comment: inputs.comment,
    checkName: checkName(inputs.config),
    stickyKey: stickyKey(run, inputs),
    ...(run.prNumber ? { prNumber: run.prNumber } : {}),
    ...(run.headSha ? { headSha: run.headSha } : {}),
    ...(run.runId ? { resultsRunId: run.runId } : {}),
    ...(runUrl(run, run.runId) ? { fullReportUrl: runUrl(run, run.runId) as string } : {}),
    secrets,
    log,
  });
  return { ...base, results: published.results, markdown: published.markdown, ...urls(published) };
}

const urls = (p: { commentUrl?: string; checkUrl?: string }) => ({
  ...(p.commentUrl ? { commentUrl: p.commentUrl } : {}),
  ...(p.checkUrl ? { checkUrl: p.checkUrl } : {}),
});

/**
 * Stage two, on `workflow_run`: download stage one's results (untrusted: validated against the
 * schema), find the PR by the run's head SHA, post. Never checks out or runs PR code.
 */
async function publishStage(r: Reporting, run: GithubRun): Promise<Reported | undefined> {
  const { inputs, gh, secrets } = r;
  const wr = run.payload.workflow_run as { id?: number; head_sha?: string } | undefined;
  if (run.eventName !== 'workflow_run' || !wr?.id || !wr.head_sha) {
    throw new UsageError(
      `'mode' input: publish runs on the workflow_run event of the analyze workflow, but this is ${run.eventName || 'no event'}`,
    );
  }
  if (!gh) throw new UsageError("'github-token' input: mode publish needs a token");
  const downloaded = await downloadResults(gh, run.repo, wr.id, inputs.resultsArtifact);
  if (!downloaded) {
    core.warning(
      `autoglm: run ${wr.id} has no "${inputs.resultsArtifact}" artifact (did stage one fail before uploading?); nothing to publish`,
    );
    return undefined;
  }
  const prNumber = await findPrByHeadSha(gh, run.repo, wr.head_sha);
  if (!prNumber)
    core.info(`autoglm: no open pull request has head ${wr.head_sha}; posting the check run only`);
  const published = await publishToGithub({
    gh,
    repo: run.repo,
    results: downloaded.results,
    failOn: inputs.failOn,
    comment: inputs.comment,
    checkName: checkName(inputs.config),
    stickyKey: stickyKey(run, inputs),
    ...(prNumber ? { prNumber } : {}),
    headSha: wr.head_sha,
    resultsRunId: wr.id,
    ...(runUrl(run, wr.id) ? { fullReportUrl: runUrl(run, wr.id) as string } : {}),
    secrets,
    log,
  });
  // Keep the published document and report in the working directory, as the other modes do.
  const resultsPath = path.join(inputs.workingDirectory, 'autoglm-results.json');
  const reportPath = path.join(inputs.workingDirectory, 'autoglm-report.md');
  await writeResults(resultsPath, published.results);
  await writeFileAtomic(
    reportPath,
    renderMarkdown(published.results, { title: published.results.sources?.title ?? 'Open-AutoGLM CI' }),
  );
  return {
    results: published.results,
    markdown: published.markdown,
    resultsPath,
    reportPath,
    ...urls(published),
  };
}
