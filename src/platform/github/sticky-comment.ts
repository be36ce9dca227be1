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

/** Who we post as: GET /user works for PATs and app user tokens; GITHUB_TOKEN gets a 403. */
export async function ownLogin(gh: GitHubClient): Promise<string> {
  try {
    const { data } = await gh.rest.users.getAuthenticated();
    return data.login;
  } catch {
    return ACTIONS_BOT;
  }
}

/**
 * Our sticky comment: found by the hidden marker **and** by author (a human's comment that quotes
 * the marker is never edited), over every page of the PR's comments.
 */
export async function findSticky(
  gh: GitHubClient,
  issue: IssueRef,
  marker: string,
  login: string,
): Promise<Comment | undefined> {
  for await (const page of gh.paginate.iterator(gh.rest.issues.listComments, { ...issue, per_page: 100 })) {
    for (const c of page.data) {
      if (c.user?.login === login && c.body?.includes(marker))
        return { id: c.id, body: c.body, url: c.html_url };
    }
  }
  return undefined;
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
