import type { Results } from '../results/schema.js';

/** Commit, ref, event and run id from the CI's own variables (GitHub Actions or GitLab CI). */
export function provenanceFromEnv(env: NodeJS.ProcessEnv): Results['provenance'] {
  const pick = (...names: string[]) => names.map((n) => env[n]).find((v) => v !== undefined && v !== '');
  const out: Results['provenance'] = {};
  const sha = pick('GITHUB_SHA', 'CI_COMMIT_SHA');
  const ref = pick('GITHUB_HEAD_REF', 'GITHUB_REF_NAME', 'CI_COMMIT_REF_NAME');
  const event = pick('GITHUB_EVENT_NAME', 'CI_PIPELINE_SOURCE');
  const runId = pick('GITHUB_RUN_ID', 'CI_PIPELINE_ID');
  if (sha) out.sha = sha;
  if (ref) out.ref = ref;
  if (event) out.event = event;
  if (runId) out.runId = runId;
  return out;
}
