import { unzipSync } from 'fflate';
import { verdictOf } from '../../compare/gates.js';
import { UsageError } from '../../errors.js';
import type { GitHubClient } from '../../github/octokit.js';
import { type Results, ResultsSchema } from '../../results/schema.js';

export const RESULTS_ARTIFACT = 'autoglm-results';
/** A results artifact larger than this is not ours (per-sample records of big suites stay far below). */
const MAX_ZIP_BYTES = 100 * 1024 * 1024;

export interface DownloadedResults {
  results: Results;
  artifactId: number;
  runId: number;
}

/**
 * Download the results artifact of a workflow run (stage one of the two-stage mode) and validate
 * it against the results schema: it was produced by PR code, so it is untrusted data.
 */
export async function downloadResults(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
  runId: number,
  name = RESULTS_ARTIFACT,
): Promise<DownloadedResults | undefined> {
  const list = await gh.rest.actions.listWorkflowRunArtifacts({
    ...repo,
    run_id: runId,
    name,
    per_page: 100,
  });
  const artifact = list.data.artifacts.find((a) => a.name === name && !a.expired);
  if (!artifact) return undefined;
  if (artifact.size_in_bytes > MAX_ZIP_BYTES) {
    throw new UsageError(
      `artifact ${name} of run ${runId} is ${artifact.size_in_bytes} bytes, over the ${MAX_ZIP_BYTES}-byte limit`,
    );
  }
  const zip = await gh.rest.actions.downloadArtifact({
    ...repo,
    artifact_id: artifact.id,
    archive_format: 'zip',
  });
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(zip.data as ArrayBuffer));
  } catch (e) {
    throw new UsageError(`artifact ${name} of run ${runId} is not a readable zip: ${(e as Error).message}`);
  }
  const entry = Object.entries(files).find(
    ([f]) => f === 'autoglm-results.json' || f.endsWith('/autoglm-results.json'),
  );
  if (!entry) throw new UsageError(`artifact ${name} of run ${runId} holds no autoglm-results.json`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(entry[1]));
  } catch (e) {
    throw new UsageError(
      `${entry[0]} in artifact ${name} of run ${runId} is not JSON: ${(e as Error).message}`,
    );
  }
  const parsed = ResultsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `${entry[0]} in artifact ${name} of run ${runId} is not a valid results document: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return { results: untrusted(parsed.data), artifactId: artifact.id, runId };
}

/**
 * Stage one ran PR code: drop anything only a reviewer may grant (waivers, accepted marks) and
 * derive the verdict from the findings and gates shown, so the check says what the comment says.
 */
export function untrusted(doc: Results): Results {
  const { waivers: _dropped, ...rest } = doc;
  const gates = rest.gates.map(({ accepted: _a, ...g }) => g);
  const comparison = rest.comparison && {
    ...rest.comparison,
    findings: rest.comparison.findings.map(({ accepted: _a, ...f }) => f),
  };
  return {
    ...rest,
    gates,
    ...(comparison ? { comparison } : {}),
    verdict: verdictOf(gates, comparison?.findings ?? []),
  };
}

/**
 * The open PR whose head is this commit. The workflow_run payload lists no PRs for forks, so ask
 * the API: the commit's associated PRs, then the open PRs.
 */
export async function findPrByHeadSha(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
  sha: string,
): Promise<number | undefined> {
  try {
    const { data } = await gh.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha });
    const pr = data.find((p) => p.head.sha === sha && p.state === 'open');
    if (pr) return pr.number;
  } catch {
    // Fall through to the open PRs.
  }
  for await (const page of gh.paginate.iterator(gh.rest.pulls.list, {
    ...repo,
    state: 'open',
    per_page: 100,
  })) {
    const pr = page.data.find((p) => p.head.sha === sha);
    if (pr) return pr.number;
  }
  return undefined;
}
