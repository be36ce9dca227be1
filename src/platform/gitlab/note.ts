import { type GitLabClient, projectRef } from '../../gitlab/api.js';
import { LIMITS } from '../../report/budget.js';
import { COMMENT_LIMIT, renderComment } from '../../report/comment.js';
import type { Results } from '../../results/schema.js';

/** Invisible, so it neither shows nor pings; not whitespace, so `^\s*\/` no longer matches. */
const WORD_JOINER = '\u2060';

/**
 * Make a note body unable to act: notes posted through the API run quick actions (`/merge`,
 * `/approve`, `/close` on a line of their own), and `@all`/`@user` notify people. A word joiner
 * before a line's leading `/` and after every `@` keeps the text readable and inert.
 */
export function neutraliseNote(body: string): string {
  return body.replace(/^([ \t]*)\//gm, `$1${WORD_JOINER}/`).replace(/@(?!\u2060)/g, `@${WORD_JOINER}`);
}

/** Marks our note per report key, so several components (or configs) in one MR keep one note each. */
export function noteMarker(key: string): string {
  // `--` would end the HTML comment early and `@` could mention: keep the key to a plain alphabet.
  return `<!-- autoglm-gitlab-note: ${key.replace(/--+/g, '-').replace(/[^A-Za-z0-9_.:/ -]/g, '')} -->`;
}

/**
 * The MR note's body: the one place that turns results into note markdown, so the shared,
 * platform-neutral renderer can replace `renderMarkdown` here in one line.
 */
export function noteBody(
  results: Results,
  options: { title?: string; key: string; footer?: string },
): string {
  const marker = noteMarker(options.key);
  const footer = options.footer ? `\n\n${options.footer}` : '';
  // The same budgeted body as the GitHub comment: a note that reads in seconds, details folded.
  const room = Math.min(COMMENT_LIMIT, LIMITS.gitlabNote) - marker.length - footer.length - 1;
  const report = renderComment(results, {
    platform: 'gitlab',
    limit: room,
    ...(options.title ? { title: options.title } : {}),
  });
  return `${marker}\n${neutraliseNote(report)}${footer}`;
}

interface Note {
  id: number;
  body: string;
  system?: boolean;
  author?: { id: number; username?: string };
}

export interface NoteTarget {
  projectId: string;
  mrIid: number;
}

export interface UpsertedNote {
  action: 'created' | 'updated' | 'unchanged';
  id: number;
}

/**
 * Create or update our sticky note: ours is the note that carries the marker AND was written by
 * the token's own user, so a human quoting the marker (or another bot) is never overwritten.
 */
export async function upsertNote(
  client: GitLabClient,
  target: NoteTarget,
  marker: string,
  body: string,
): Promise<UpsertedNote> {
  const me = await client.get<{ id: number }>('/user');
  const base = `/projects/${projectRef(target.projectId)}/merge_requests/${target.mrIid}/notes`;
  const notes = await client.paginate<Note>(`${base}?sort=asc&order_by=created_at`);
  const ours = notes.find((n) => !n.system && n.author?.id === me.id && n.body.includes(marker));
  if (ours) {
    if (ours.body === body) return { action: 'unchanged', id: ours.id };
    await client.request('PUT', `${base}/${ours.id}`, { body: { body } });
    return { action: 'updated', id: ours.id };
  }
  const created = await client.request<Note>('POST', base, { body: { body } });
  return { action: 'created', id: (created.data as Note).id };
}
