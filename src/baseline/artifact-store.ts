import { unzipSync } from 'fflate';
import { type GitHubClient, githubClient } from '../github/octokit.js';
import type { Results } from '../results/schema.js';
import type { RunContext } from './context.js';
import type { BaselineStore, BaselineWant, StoredDoc } from './store.js';

export const DEFAULT_ARTIFACT = 'autoglm-results';

/** Runs that can serve as a base branch's baseline: never a pull request's. */
const BASELINE_EVENTS = new Set(['push', 'schedule', 'workflow_dispatch', 'merge_group']);

/**
 * `artifact`: the results artifact of the latest successful run of the same workflow on the base
 * branch (or at the merge-base commit), found through the REST API. The workflow uploads it with
 * actions/upload-artifact (name `autoglm-results`); this store only reads.
 */
export class ArtifactStore implements BaselineStore {
  readonly name = 'artifact';
  constructor(
    private readonly options: { artifact?: string; client?: GitHubClient; log?: (m: string) => void } = {},
  ) {}

  private client(ctx: RunContext): GitHubClient {
    return (
      this.options.client ?? githubClient({ token: ctx.token, baseUrl: ctx.apiUrl, log: this.options.log })
    );
  }

  async find(want: BaselineWant, ctx: RunContext): Promise<StoredDoc | undefined> {
    if (want.kind === 'local') return undefined;
    const repo = ctx.repository;
    if (!repo || !ctx.workflow) {
      throw new Error('the artifact store needs the repository and workflow (GitHub Actions only)');
    }
    const gh = this.client(ctx);
    const workflow = ctx.workflow.split('/').pop() as string;
    const { data } = await gh.rest.actions.listWorkflowRuns({
      ...repo,
      workflow_id: workflow,
      status: 'success',
      per_page: 30,
      ...(want.kind === 'sha' ? { head_sha: want.sha } : { branch: want.branch }),
    });
    const runs = data.workflow_runs.filter((r) => BASELINE_EVENTS.has(r.event) && String(r.id) !== ctx.runId);
    const name = this.options.artifact ?? DEFAULT_ARTIFACT;
    for (const run of runs) {
      const artifacts = await gh.rest.actions.listWorkflowRunArtifacts({ ...repo, run_id: run.id, name });
      const artifact = artifacts.data.artifacts.find((a) => a.name === name && !a.expired);
      if (!artifact) continue;
      const zip = await gh.rest.actions.downloadArtifact({
        ...repo,
        artifact_id: artifact.id,
        archive_format: 'zip',
      });
      const files = unzipSync(new Uint8Array(zip.data as ArrayBuffer));
      const entry =
        Object.entries(files).find(([file]) => file.endsWith('autoglm-results.json')) ??
        Object.entries(files).find(([file]) => file.endsWith('.json'));
      if (!entry) continue;
      return {
        text: new TextDecoder().decode(entry[1]),
        location: `artifact ${name} of run ${run.id} (${run.head_branch ?? '?'} @ ${run.head_sha.slice(0, 12)})`,
        runId: String(run.id),
      };
    }
    return undefined;
  }

  async save(_results: Results, _ctx: RunContext): Promise<string> {
    return `uploaded by the workflow's actions/upload-artifact step as "${this.options.artifact ?? DEFAULT_ARTIFACT}"`;
  }
}
