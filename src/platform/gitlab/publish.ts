import path from 'node:path';
import { errorMessage } from '../../errors.js';
import { GitLabClient, gitlabToken, gitlabTokenVariable } from '../../gitlab/api.js';
import { escapeMarkdown } from '../../report/escape.js';
import type { Results } from '../../results/schema.js';
import { noteBody, noteMarker, upsertNote } from './note.js';
import { coverageLogLine, gitlabReportsDir, writeGitlabReports } from './reports.js';

export interface GitlabPublishInput {
  results: Results;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Config path as given (the note key and Code Quality's fallback location). */
  config: string;
  title?: string;
  exitCode: number;
  /** Progress and notices: the job log. */
  log: (message: string) => void;
  fetch?: typeof fetch;
}

export interface GitlabPublishOutcome {
  reports: string[];
  note?: { action: 'created' | 'updated' | 'unchanged'; url: string };
  /** Why no note was posted, when one was not. */
  skipped?: string;
}

/**
 * GitLab's side of a run: report artifacts, the coverage log line, and the sticky MR note. Report
 * first, fail last: every problem here is a warning in the log, never a failed job.
 */
export async function publishGitlab(input: GitlabPublishInput): Promise<GitlabPublishOutcome> {
  const { results, env, log } = input;
  const out: GitlabPublishOutcome = { reports: [] };
  const dir = gitlabReportsDir(input.cwd, env);
  if (!dir) return out;
  try {
    out.reports = await writeGitlabReports(results, dir, {
      cwd: input.cwd,
      configPath: input.config,
      extraEnv: { exit_code: String(input.exitCode) },
    });
    log(`GitLab reports: ${path.relative(input.cwd, dir) || dir}/ (junit, codequality, dotenv, metrics)`);
  } catch (e) {
    log(`warning: could not write the GitLab reports: ${errorMessage(e)}`);
  }
  const coverage = coverageLogLine(results);
  if (coverage) log(coverage);

  const iid = Number(env.CI_MERGE_REQUEST_IID);
  if (!env.CI_MERGE_REQUEST_IID || !Number.isInteger(iid)) return out;
  const token = gitlabToken(env);
  if (!token) {
    out.skipped = `MR note not posted: set the masked CI/CD variable ${gitlabTokenVariable(env)} to a project access token (role Reporter, scope api) to get the report as a merge request note; it is in the job log and artifacts.`;
    log(out.skipped);
    return out;
  }
  const apiUrl = env.CI_API_V4_URL;
  // Fork MRs run in the source project: the note belongs to the target project's MR.
  const projectId = env.CI_MERGE_REQUEST_PROJECT_ID || env.CI_PROJECT_ID;
  if (!apiUrl || !projectId) {
    log('warning: MR note not posted: CI_API_V4_URL or CI_PROJECT_ID is not set');
    return out;
  }
  const key = [env.AUTOGLM_NOTE_KEY, input.config].filter(Boolean).join(':');
  try {
    const client = new GitLabClient({ apiUrl, token, ...(input.fetch ? { fetch: input.fetch } : {}) });
    // GitLab's own variables, not user text: a link back to the job that wrote this note.
    const footer = env.CI_JOB_URL
      ? `<sub>[${escapeMarkdown(env.CI_JOB_NAME ?? 'job')}](${env.CI_JOB_URL}) · pipeline ${escapeMarkdown(env.CI_PIPELINE_ID ?? '?')}</sub>`
      : undefined;
    const body = noteBody(results, {
      key,
      ...(input.title ? { title: input.title } : {}),
      ...(footer ? { footer } : {}),
    });
    const note = await upsertNote(client, { projectId, mrIid: iid }, noteMarker(key), body);
    const mrUrl = env.CI_MERGE_REQUEST_PROJECT_URL
      ? `${env.CI_MERGE_REQUEST_PROJECT_URL}/-/merge_requests/${iid}`
      : `merge request !${iid}`;
    out.note = { action: note.action, url: `${mrUrl}#note_${note.id}` };
    log(`MR note ${note.action}: ${out.note.url}`);
  } catch (e) {
    log(`warning: could not post the MR note: ${errorMessage(e)}`);
  }
  return out;
}
