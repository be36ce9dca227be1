import { z } from 'zod';
import type { GitHubClient } from '../../github/octokit.js';
import { type Waiver, WaiverSchema } from '../../results/waivers.js';

/** The login GITHUB_TOKEN posts as; a PAT's own login is asked for first. */
export const ACTIONS_BOT = 'github-actions[bot]';

/** A hidden line naming the sticky key: one comment per (workflow, job, config). */
export function stickyMarker(key: string): string {
  // Nothing that could close the HTML comment or start a new line.
  return `<!-- autoglm-sticky: ${key.replace(/--+|[<>\r\n]/g, '_')} -->`;
}

const WAIVERS_RE = /<!-- autoglm-waivers: ([A-Za-z0-9+/=]*) -->/;

/** The waivers recorded in our comment, as a hidden base64 JSON line (invisible, survives edits by us only). */
export function waiversMarker(waivers: readonly Waiver[]): string {
  if (!waivers.length) return '';
  return `<!-- autoglm-waivers: ${Buffer.from(JSON.stringify(waivers), 'utf8').toString('base64')} -->`;
}

/** Waivers out of one of our comments; anything malformed is ignored (never trusted blindly). */
export function readWaivers(body: string): Waiver[] {
  const m = WAIVERS_RE.exec(body);
  if (!m) return [];
  try {
    const parsed = z
      .array(WaiverSchema)
      .safeParse(JSON.parse(Buffer.from(m[1] as string, 'base64').toString('utf8')));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export interface Comment {
  id: number;
  body: string;
  url: string;
}

export interface IssueRef {
  owner: string;
  repo: string;
  issue_number: number;
}

/**
 * Who we post as: GET /user answers for PATs; GITHUB_TOKEN and app installation tokens get a 403,
 * and then we are a bot (the marker's comment must be a Bot's: a human's never matches).
 */
export type Author = { login: string } | { bot: true };

export async function ownLogin(gh: GitHubClient): Promise<Author> {
  try {
    const { data } = await gh.rest.users.getAuthenticated();
    return { login: data.login };
  } catch {
    return { bot: true };
  }
}

/** Whether a comment's author is us. */
export function isOurs(user: { login?: string; type?: string } | null | undefined, me: Author): boolean {
  if (!user) return false;
  if ('login' in me) return user.login === me.login;
  return user.type === 'Bot';
}

/**
 * Our sticky comment: found by the hidden marker **and** by author (a human's comment that quotes
 * the marker is never edited), over every page of the PR's comments.
 */
export async function findSticky(
  gh: GitHubClient,
  issue: IssueRef,
  marker: string,
  me: Author,
): Promise<Comment | undefined> {
  // As an unknown bot, GITHUB_TOKEN's github-actions[bot] is preferred over another bot's comment.
  let other: Comment | undefined;
  for await (const page of gh.paginate.iterator(gh.rest.issues.listComments, { ...issue, per_page: 100 })) {
    for (const c of page.data) {
      if (!isOurs(c.user, me) || !c.body?.includes(marker)) continue;
      const found = { id: c.id, body: c.body, url: c.html_url };
      if ('login' in me || c.user?.login === ACTIONS_BOT) return found;
      other ??= found;
    }
  }
  return other;
}

/** Create the comment, or update ours in place. */
export async function upsertSticky(
  gh: GitHubClient,
  issue: IssueRef,
  existing: Comment | undefined,
  body: string,
): Promise<Comment> {
  if (existing) {
    const { data } = await gh.rest.issues.updateComment({
      owner: issue.owner,
      repo: issue.repo,
      comment_id: existing.id,
      body,
    });
    return { id: data.id, body: data.body ?? body, url: data.html_url };
  }
  const { data } = await gh.rest.issues.createComment({ ...issue, body });
  return { id: data.id, body: data.body ?? body, url: data.html_url };
}
