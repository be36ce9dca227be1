import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../errors.js';

/**
 * The webhook payload GitHub Actions writes to GITHUB_EVENT_PATH, the fields we read validated and
 * the rest kept: a payload that is not JSON, or names a PR by a string, is bad input naming the file
 * and the field, never read as `{}` or cast.
 */
const Sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'expected a 40-character hex commit SHA');
const Count = z.number().int().positive();
const Repo = z.looseObject({
  name: z.string().optional(),
  full_name: z.string().optional(),
  fork: z.boolean().optional(),
  default_branch: z.string().optional(),
  owner: z.looseObject({ login: z.string().optional() }).nullish(),
});
const Ref = z.looseObject({
  ref: z.string().optional(),
  sha: Sha.optional(),
  // null when the fork a PR came from was deleted.
  repo: Repo.nullish(),
});

export const GithubEventSchema = z.looseObject({
  pull_request: z
    .looseObject({ number: Count.optional(), head: Ref.optional(), base: Ref.optional() })
    .optional(),
  issue: z.looseObject({ number: Count.optional(), pull_request: z.unknown().optional() }).optional(),
  comment: z
    .looseObject({
      body: z.string().nullish(),
      user: z.looseObject({ login: z.string().optional(), type: z.string().optional() }).nullish(),
    })
    .optional(),
  workflow_run: z.looseObject({ id: Count.optional(), head_sha: Sha.optional() }).nullish(),
  repository: Repo.optional(),
});
export type GithubEvent = z.infer<typeof GithubEventSchema>;

function at(value: unknown, keys: readonly PropertyKey[]): unknown {
  let v = value;
  for (const k of keys)
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function shown(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Parse a payload's text; `file` names it in the error. */
export function parseGithubEvent(text: string, file: string): GithubEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`GITHUB_EVENT_PATH ${file}: not a JSON webhook payload (${(e as Error).message})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError(
      `GITHUB_EVENT_PATH ${file}: expected a JSON object (a webhook payload), got ${shown(raw)}`,
    );
  }
  const parsed = GithubEventSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 3).map((i) => {
    const field = i.path.map(String).join('.');
    return `${field}: ${i.message.replace(/^Invalid input: /, '').replace(/, received \w+$/, '')}, got ${shown(at(raw, i.path))}`;
  });
  throw new UsageError(`GITHUB_EVENT_PATH ${file}: ${problems.join('; ')}`);
}

/**
 * The payload of this run, or `{}` when GITHUB_EVENT_PATH is unset (outside Actions) or names no
 * file (as @actions/github treats it, which only warns).
 */
export function readGithubEvent(env: NodeJS.ProcessEnv = process.env): GithubEvent {
  const file = env.GITHUB_EVENT_PATH;
  if (!file || !existsSync(file)) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`GITHUB_EVENT_PATH ${file}: cannot read it (${(e as Error).message})`);
  }
  return parseGithubEvent(text, file);
}
