import { acceptable } from '../../compare/waivers.js';
import { errorMessage } from '../../errors.js';
import type { GitHubClient } from '../../github/octokit.js';
import { escapeMarkdown, inlineCode, redact } from '../../report/escape.js';
import type { Waiver } from '../../results/waivers.js';
import { downloadResults } from './artifact.js';
import type { GithubRun } from './context.js';
import { type PublishOutcome, publishToGithub } from './publish.js';
import { readState, type State } from './state.js';
import { type Author, isOurs, ownLogin } from './sticky-comment.js';

export type Command = { kind: 'rerun' } | { kind: 'accept'; target: string; reason?: string };

/** Parse the first `/autoglm ...` line of a comment; undefined when the comment holds no command. */
export function parseCommand(body: string): Command | { kind: 'unknown'; text: string } | undefined {
  const line = body
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => /^\/autoglm(\s|$)/.test(l));
  if (!line) return undefined;
  const [, verb = '', target = '', ...rest] = line.split(/\s+/);
  if (verb === 'rerun') return { kind: 'rerun' };
  if (verb === 'accept' && target) {
    const reason = rest.join(' ').trim();
    return { kind: 'accept', target, ...(reason ? { reason: reason.slice(0, 500) } : {}) };
  }
  return { kind: 'unknown', text: line.slice(0, 100) };
}

/** Write, maintain and admin may act on the report; read and triage may not. */
const WRITERS = new Set(['admin', 'maintain', 'write']);

interface CommentPayload {
  comment?: {
    id?: number;
    body?: string;
    html_url?: string;
    created_at?: string;
    user?: { login?: string; type?: string };
  };
  issue?: { number?: number; pull_request?: unknown };
}

export interface CommandOptions {
  gh: GitHubClient;
  run: GithubRun;
  secrets: readonly (string | undefined)[];
  log: { info(m: string): void; warning(m: string): void };
}

export interface CommandOutcome {
  handled: boolean;
  publish?: PublishOutcome;
}

/**
 * `/autoglm rerun` and `/autoglm accept <metric|model|all> [reason]` in a PR comment. The run never
 * checks out or runs PR code: everything comes from the API and our own comment's hidden state.
 */
export async function handleCommentCommand(o: CommandOptions): Promise<CommandOutcome> {
  const { gh, run, log } = o;
  const p = run.payload as CommentPayload;
  const body = p.comment?.body ?? '';
  const login = p.comment?.user?.login ?? '';
  if (!p.issue?.pull_request || !run.prNumber) {
    log.info('autoglm: the comment is not on a pull request; nothing to do');
    return { handled: false };
  }
  const command = parseCommand(body);
  if (!command || p.comment?.user?.type === 'Bot') {
    log.info('autoglm: no /autoglm command in the comment');
    return { handled: false };
  }
  const issue = { ...run.repo, issue_number: run.prNumber };
  const who = inlineCode(`@${login}`);
  const reply = async (text: string) => {
    await gh.rest.issues.createComment({ ...issue, body: redact(text, o.secrets) });
  };
  if (command.kind === 'unknown') {
    await reply(
      `${who}: ${inlineCode(command.text)} is not a command I know. Use ${inlineCode('/autoglm rerun')} or ${inlineCode('/autoglm accept <metric|model|all> [reason]')}.`,
    );
    return { handled: true };
  }
  const { data: perm } = await gh.rest.repos.getCollaboratorPermissionLevel({ ...run.repo, username: login });
  if (!WRITERS.has(perm.permission) && !WRITERS.has(perm.role_name ?? '')) {
    await reply(
      `Thanks ${who}, but only collaborators with write permission can ${command.kind === 'rerun' ? 're-run the comparison' : 'accept a regression'}; please ask a maintainer.`,
    );
    log.info(`autoglm: ${login} has ${perm.permission} permission; command refused`);
    return { handled: true };
  }
  const ours = await ourComments(gh, issue, await ownLogin(gh));
  if (!ours.length) {
    await reply(`${who}: there is no autoglm report on this pull request yet.`);
    return { handled: true };
  }
  if (command.kind === 'rerun') {
    const runIds = [...new Set(ours.map((c) => c.state.runId).filter((x): x is number => !!x))];
    for (const id of runIds) await gh.rest.actions.reRunWorkflow({ ...run.repo, run_id: id });
    await reply(
      runIds.length
        ? `${who}: re-running ${runIds.map((id) => `run ${id}`).join(', ')}; the report updates when it finishes.`
        : `${who}: the report does not name the run that produced it, so there is nothing to re-run.`,
    );
    return { handled: true };
  }
  // accept: redo each report of this PR from its run's results artifact, with the new waiver.
  let outcome: PublishOutcome | undefined;
  const accepted: string[] = [];
  for (const c of ours) {
    if (!c.state.runId) continue;
    const downloaded = await downloadResults(gh, run.repo, c.state.runId).catch((e) => {
      log.warning(`autoglm: could not read the results of run ${c.state.runId}: ${errorMessage(e)}`);
      return undefined;
    });
    if (!downloaded) continue;
    const findings = acceptable(downloaded.results, command.target);
    if (!findings.length) continue;
    accepted.push(...findings);
    const waiver: Waiver = {
      target: command.target,
      by: login,
      at: p.comment?.created_at ?? new Date().toISOString(),
      ...(command.reason ? { reason: command.reason } : {}),
      findings,
      ...(p.comment?.html_url ? { url: p.comment.html_url } : {}),
    };
    outcome = await publishToGithub({
      gh,
      repo: run.repo,
      results: downloaded.results,
      failOn: c.state.failOn,
      comment: 'always',
      checkName: c.state.checkName,
      stickyKey: c.state.stickyKey,
      prNumber: run.prNumber,
      ...(c.state.headSha ? { headSha: c.state.headSha } : {}),
      resultsRunId: c.state.runId,
      newWaivers: [waiver],
      secrets: o.secrets,
      log,
    });
  }
  if (!accepted.length) {
    await reply(
      `${who}: nothing to accept for ${inlineCode(command.target)}: no current regression or failed gate of that metric or model.`,
    );
    return { handled: true };
  }
  await reply(
    `${who} accepted ${accepted.map((f) => inlineCode(f)).join(', ')} for this pull request${command.reason ? `: ${escapeMarkdown(command.reason)}` : ''}.`,
  );
  return { handled: true, ...(outcome ? { publish: outcome } : {}) };
}

async function ourComments(
  gh: GitHubClient,
  issue: { owner: string; repo: string; issue_number: number },
  me: Author,
): Promise<Array<{ id: number; state: State }>> {
  const out: Array<{ id: number; state: State }> = [];
  for await (const page of gh.paginate.iterator(gh.rest.issues.listComments, { ...issue, per_page: 100 })) {
    for (const c of page.data) {
      if (!isOurs(c.user, me) || !c.body?.includes('<!-- autoglm-sticky:')) continue;
      const state = readState(c.body);
      if (state) out.push({ id: c.id, state });
    }
  }
  return out;
}
