import { readGithubEvent } from '../github/event.js';
import type { Results } from '../results/schema.js';

/** On pull_request GITHUB_SHA is the synthetic merge commit: the PR head is in the event payload. */
function githubPrHead(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_ACTIONS !== 'true') return undefined;
  return readGithubEvent(env).pull_request?.head?.sha;
}

/** Commit, ref, event and run id from the CI's own variables (GitHub Actions or GitLab CI). */
export function provenanceFromEnv(env: NodeJS.ProcessEnv): Results['provenance'] {
  const pick = (...names: string[]) => names.map((n) => env[n]).find((v) => v !== undefined && v !== '');
  const out: Results['provenance'] = {};
  const sha = githubPrHead(env) ?? pick('GITHUB_SHA', 'CI_COMMIT_SHA');
  const ref = pick('GITHUB_HEAD_REF', 'GITHUB_REF_NAME', 'CI_COMMIT_REF_NAME');
  const event = pick('GITHUB_EVENT_NAME', 'CI_PIPELINE_SOURCE');
  const runId = pick('GITHUB_RUN_ID', 'CI_PIPELINE_ID');
  if (sha) out.sha = sha;
  if (ref) out.ref = ref;
  if (event) out.event = event;
  if (runId) out.runId = runId;
  return out;
}
