import type { GitHubClient } from '../../github/octokit.js';
import type { Annotation } from './annotations.js';
import { batches } from './annotations.js';

export type Conclusion = 'success' | 'failure' | 'neutral';

export interface CheckRunInput {
  owner: string;
  repo: string;
  name: string;
  headSha: string;
  conclusion: Conclusion;
  title: string;
  /** Each at most 65,535 characters (the caller budgets them). */
  summary: string;
  text?: string;
  annotations: readonly Annotation[];
  detailsUrl?: string;
}

/** Titles are capped at 255 characters by the API; annotation titles likewise. */
const cap = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/**
 * One completed check run on the PR head, its annotations sent 50 per request: the create
 * carries the first batch, each PATCH appends the next.
 */
export async function postCheckRun(
  gh: GitHubClient,
  input: CheckRunInput,
): Promise<{ id: number; url: string }> {
  const [first = [], ...rest] = batches(
    input.annotations.map((a) => ({ ...a, title: cap(a.title, 255), message: cap(a.message, 4000) })),
  );
  const output = (annotations: Annotation[]) => ({
    title: cap(input.title, 255),
    summary: input.summary,
    ...(input.text ? { text: input.text } : {}),
    ...(annotations.length ? { annotations } : {}),
  });
  const { data } = await gh.rest.checks.create({
    owner: input.owner,
    repo: input.repo,
    name: input.name,
    head_sha: input.headSha,
    status: 'completed',
    conclusion: input.conclusion,
    completed_at: new Date().toISOString(),
    ...(input.detailsUrl ? { details_url: input.detailsUrl } : {}),
    output: output(first),
  });
  for (const batch of rest) {
    await gh.rest.checks.update({
      owner: input.owner,
      repo: input.repo,
      check_run_id: data.id,
      output: output(batch),
    });
  }
  return { id: data.id, url: data.html_url ?? '' };
}
