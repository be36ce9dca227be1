import { GitLabClient, projectRef } from '../gitlab/api.js';
import type { Results } from '../results/schema.js';
import type { RunContext } from './context.js';
import { type BaselineStore, type BaselineWant, parseStored, type StoredDoc } from './store.js';

export const DEFAULT_RESULTS_ARTIFACT = 'autoglm-results.json';
/** Two requests per past pipeline: the noise band needs a handful of runs, not the whole history. */
export const GITLAB_HISTORY_CAP = 30;

interface Pipeline {
  id: number;
  ref: string;
  sha: string;
  status: string;
  source?: string;
}
interface Job {
  id: number;
  name: string;
  status: string;
}

/** An artifact path in a URL: each segment encoded, the slashes kept. */
const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/');

/**
 * `gitlab`: the results file in the artifacts of the latest successful pipeline, found through the
 * REST API: at the merge request's merge-base commit first (needs an access token: CI_JOB_TOKEN
 * cannot list pipelines), then the target branch's latest (`jobs/artifacts/:ref/raw`, which
 * CI_JOB_TOKEN can read). The job uploads the file with `artifacts:paths`; this store only reads,
 * and merge request pipelines never count: their ref is `refs/merge-requests/...`.
 */
export class GitlabStore implements BaselineStore {
  readonly name = 'gitlab';
  constructor(
    private readonly options: { artifactPath?: string; fetch?: typeof fetch; log?: (m: string) => void } = {},
  ) {}

  private get path(): string {
    return (this.options.artifactPath ?? DEFAULT_RESULTS_ARTIFACT).replace(/^\.\//, '');
  }

  private setup(ctx: RunContext): { client: GitLabClient; project: string; job: string } {
    if (!ctx.apiUrl || !ctx.projectId) {
      throw new Error('the gitlab store needs CI_API_V4_URL and CI_PROJECT_ID (GitLab CI only)');
    }
    if (!ctx.baselineJob)
      throw new Error('the gitlab store needs the baseline job name (AUTOGLM_BASELINE_JOB)');
    return {
      client: new GitLabClient({
        apiUrl: ctx.apiUrl,
        token: ctx.token,
        jobToken: ctx.jobToken,
        maxRetries: 2,
        ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      }),
      project: `/projects/${projectRef(ctx.projectId)}`,
      job: ctx.baselineJob,
    };
  }

  async find(want: BaselineWant, ctx: RunContext): Promise<StoredDoc | undefined> {
    if (want.kind === 'local') return undefined;
    const { client, project, job } = this.setup(ctx);
    if (want.kind === 'branch') {
      const res = await client.request<string>(
        'GET',
        `${project}/jobs/artifacts/${encodeURIComponent(want.branch)}/raw/${encodePath(this.path)}?job=${encodeURIComponent(job)}`,
        { allow404: true, raw: true },
      );
      if (res.status === 404 || res.data === undefined) return undefined;
      return {
        text: res.data,
        location: `${this.path} of job ${job}, latest successful pipeline on ${want.branch}`,
      };
    }
    if (!client.hasToken) {
      throw new Error(
        'finding the merge-base pipeline needs an access token (CI_JOB_TOKEN cannot list pipelines); trying the target branch',
      );
    }
    const pipelines = await client.get<Pipeline[]>(
      `${project}/pipelines?sha=${encodeURIComponent(want.sha)}&status=success&order_by=id&sort=desc&per_page=20`,
    );
    for (const p of pipelines) {
      if (p.ref.startsWith('refs/merge-requests/') || String(p.id) === ctx.runId) continue;
      const doc = await this.fromPipeline(client, project, job, p);
      if (doc) return doc;
    }
    return undefined;
  }

  /** Results of the branch's last successful pipelines, oldest first (needs the access token). */
  async history(branch: string, limit: number, ctx: RunContext): Promise<Results[]> {
    const { client, project, job } = this.setup(ctx);
    if (!client.hasToken) return [];
    const want = Math.min(limit, GITLAB_HISTORY_CAP);
    const pipelines = await client.get<Pipeline[]>(
      `${project}/pipelines?ref=${encodeURIComponent(branch)}&status=success&order_by=id&sort=desc&per_page=${want}`,
    );
    const out: Results[] = [];
    for (const p of pipelines) {
      if (String(p.id) === ctx.runId) continue;
      const doc = await this.fromPipeline(client, project, job, p);
      if (!doc) continue;
      const { results, warning } = parseStored(doc);
      if (results) out.push(results);
      else this.options.log?.(`warning: ${warning}`);
    }
    return out.reverse();
  }

  /** The results file in the artifacts of a pipeline's successful job of that name. */
  private async fromPipeline(
    client: GitLabClient,
    project: string,
    job: string,
    p: Pipeline,
  ): Promise<StoredDoc | undefined> {
    const jobs = await client.paginate<Job>(`${project}/pipelines/${p.id}/jobs?scope[]=success`, 5);
    const found = jobs.find((j) => j.name === job && j.status === 'success');
    if (!found) return undefined;
    const res = await client.request<string>(
      'GET',
      `${project}/jobs/${found.id}/artifacts/${encodePath(this.path)}`,
      {
        allow404: true,
        raw: true,
      },
    );
    if (res.status === 404 || res.data === undefined) return undefined;
    return {
      text: res.data,
      location: `${this.path} of job ${job} #${found.id}, pipeline ${p.id} (${p.ref} @ ${p.sha.slice(0, 12)})`,
      runId: String(p.id),
    };
  }

  async save(_results: Results, ctx: RunContext): Promise<string> {
    return `kept as ${this.path} in the artifacts of job ${ctx.baselineJob ?? '?'} (pipeline ${ctx.runId ?? '?'}); later merge request pipelines read it from there`;
  }
}
