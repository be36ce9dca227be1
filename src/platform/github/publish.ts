import { applyWaivers } from '../../compare/waivers.js';
import { errorMessage } from '../../errors.js';
import type { GitHubClient } from '../../github/octokit.js';
import { renderComment } from '../../report/comment.js';
import { redact } from '../../report/escape.js';
import { renderMarkdown } from '../../report/markdown.js';
import { countingRegressions, headlineText } from '../../report/sections.js';
import type { Results } from '../../results/schema.js';
import type { Waiver } from '../../results/waivers.js';
import { annotationsOf } from './annotations.js';
import { type Conclusion, postCheckRun } from './check-run.js';
import { stateMarker } from './state.js';
import {
  findSticky,
  ownLogin,
  readWaivers,
  stickyMarker,
  upsertSticky,
  waiversMarker,
} from './sticky-comment.js';

/** The action's `fail-on` (the pipeline's FAIL_ON). */
export type FailOn = 'regression' | 'warning' | 'never';

export const COMMENT_MODES = ['always', 'on-change', 'on-regression', 'never'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

/** Check-run output fields are capped at 65,535 characters each. */
const CHECK_LIMIT = 65_000;

export interface PublishOptions {
  gh: GitHubClient;
  repo: { owner: string; repo: string };
  results: Results;
  failOn: FailOn;
  comment: CommentMode;
  /** `autoglm`, or `autoglm (config)`. */
  checkName: string;
  /** (workflow, job, config): one sticky comment per key. */
  stickyKey: string;
  prNumber?: number;
  headSha?: string;
  /** The workflow run whose artifact holds these results (for later `/autoglm` commands). */
  resultsRunId?: number;
  fullReportUrl?: string;
  /** Waivers recorded just now (`/autoglm accept`), on top of those in the comment. */
  newWaivers?: Waiver[];
  secrets: readonly (string | undefined)[];
  log: { info(m: string): void; warning(m: string): void };
}

export interface PublishOutcome {
  /** The results with the PR's waivers applied: what was reported. */
  results: Results;
  /** The full report, for the job summary. */
  markdown: string;
  commentUrl?: string;
  checkUrl?: string;
  /** The token could not write (fork PR): the job summary and the artifact carry the report. */
  forbidden: boolean;
}

/** The check's conclusion: failure when fail-on fails the step, neutral for a tolerated warning. */
export function conclusionOf(results: Results, failOn: FailOn): Conclusion {
  const fails =
    failOn !== 'never' &&
    (results.verdict === 'regression' || (results.verdict === 'warning' && failOn === 'warning'));
  if (fails) return 'failure';
  return results.verdict === 'pass' ? 'success' : 'neutral';
}

/** Whether the report says something new: a regression, an improvement or a failed gate. */
export function hasChange(results: Results): boolean {
  if (results.verdict !== 'pass') return true;
  if (results.gates.some((g) => g.status === 'fail' || g.status === 'missing')) return true;
  return (results.comparison?.findings ?? []).some(
    (f) => f.outcome === 'regression' || f.outcome === 'improvement',
  );
}

const status = (e: unknown) => (e as { status?: number }).status;

/**
 * Post the report: the sticky comment (if the PR has one and `comment` allows), the check run with
 * annotations on the head commit. A 403 (fork PR, read-only token) falls back to the job summary
 * with one warning; no reporting problem ever throws.
 */
export async function publishToGithub(o: PublishOptions): Promise<PublishOutcome> {
  const { gh, repo, log } = o;
  let forbidden = false;
  const failed = (what: string, e: unknown) => {
    if (status(e) === 403) {
      if (!forbidden) {
        log.warning(
          `autoglm: the token cannot write ${what} (403: a fork's read-only token, or missing permissions); the report is in the job summary and the results artifact. For fork PRs use the two-stage workflow (mode: analyze, then mode: publish).`,
        );
      }
      forbidden = true;
      return;
    }
    log.warning(`autoglm: could not post ${what}: ${errorMessage(e)}`);
  };
  const marker = stickyMarker(o.stickyKey);
  const issue = o.prNumber ? { ...repo, issue_number: o.prNumber } : undefined;
  let existing: Awaited<ReturnType<typeof findSticky>>;
  if (issue && o.comment !== 'never') {
    try {
      existing = await findSticky(gh, issue, marker, await ownLogin(gh));
    } catch (e) {
      failed('the PR comment', e);
    }
  }
  const waivers = [...(existing ? readWaivers(existing.body) : []), ...(o.newWaivers ?? [])];
  const results = applyWaivers(o.results, waivers);
  const title = results.sources?.title ?? 'Open-AutoGLM CI';
  const markdown = redact(renderMarkdown(results, { title }), o.secrets);
  const out: PublishOutcome = { results, markdown, forbidden };
  const wanted =
    o.comment === 'always' ||
    (o.comment === 'on-change' && (existing !== undefined || hasChange(results))) ||
    (o.comment === 'on-regression' && (existing !== undefined || results.verdict !== 'pass'));
  if (issue && wanted && !forbidden) {
    const hidden = [
      marker,
      stateMarker({
        checkName: o.checkName,
        stickyKey: o.stickyKey,
        failOn: o.failOn,
        comment: o.comment,
        ...(o.resultsRunId ? { runId: o.resultsRunId } : {}),
        ...(o.headSha ? { headSha: o.headSha } : {}),
      }),
      waiversMarker(waivers),
    ]
      .filter(Boolean)
      .join('\n');
    const body = redact(
      renderComment(results, {
        platform: 'github',
        title,
        marker: hidden,
        ...(o.fullReportUrl ? { fullReportUrl: o.fullReportUrl } : {}),
      }),
      o.secrets,
    );
    try {
      const posted = await upsertSticky(gh, issue, existing, body);
      out.commentUrl = posted.url;
      log.info(`autoglm: ${existing ? 'updated' : 'created'} the PR comment ${posted.url}`);
    } catch (e) {
      failed('the PR comment', e);
    }
  }
  if (o.headSha && !forbidden) {
    try {
      const check = await postCheckRun(gh, {
        ...repo,
        name: o.checkName,
        headSha: o.headSha,
        conclusion: conclusionOf(results, o.failOn),
        title: redact(headlineText(results), o.secrets),
        summary: redact(
          renderComment(results, {
            platform: 'github',
            title,
            limit: CHECK_LIMIT,
            ...(o.fullReportUrl ? { fullReportUrl: o.fullReportUrl } : {}),
          }),
          o.secrets,
        ),
        annotations: annotationsOf(results).map((a) => ({
          ...a,
          title: redact(a.title, o.secrets),
          message: redact(a.message, o.secrets),
        })),
        ...(o.fullReportUrl ? { detailsUrl: o.fullReportUrl } : {}),
      });
      out.checkUrl = check.url;
      log.info(
        `autoglm: check run ${o.checkName}: ${conclusionOf(results, o.failOn)} (${countingRegressions(results).length} regressions)`,
      );
    } catch (e) {
      failed('the check run', e);
    }
  }
  out.forbidden = forbidden;
  return out;
}
