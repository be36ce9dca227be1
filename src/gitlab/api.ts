/**
 * A small GitLab REST v4 client over fetch: the handful of endpoints we call (notes, user,
 * pipelines, job artifacts) do not justify a full SDK in the bundle. Retries 429 and 5xx with
 * backoff (honouring Retry-After), never other 4xx; follows `x-next-page` for lists.
 */

export interface GitLabAuth {
  /** Project/group access token or PAT: sent as PRIVATE-TOKEN. */
  token?: string;
  /** CI_JOB_TOKEN: reads job artifacts of the same project, cannot post notes. */
  jobToken?: string;
}

export class GitLabApiError extends Error {
  override name = 'GitLabApiError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`GitLab API ${method} ${path}: HTTP ${status}${body ? ` ${body.slice(0, 200)}` : ''}`);
  }
}

export interface GitLabClientOptions extends GitLabAuth {
  /** `$CI_API_V4_URL`, e.g. https://gitlab.example.com/api/v4. */
  apiUrl: string;
  maxRetries?: number;
  /** Base delay of the exponential backoff, ms. */
  retryDelayMs?: number;
  /** Per-request timeout: a hung API must not hold the job until the runner kills it. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface GitLabResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class GitLabClient {
  private readonly base: string;
  constructor(private readonly options: GitLabClientOptions) {
    this.base = options.apiUrl.replace(/\/+$/, '');
  }

  get hasToken(): boolean {
    return Boolean(this.options.token);
  }

  private headers(): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json' };
    if (this.options.token) h['PRIVATE-TOKEN'] = this.options.token;
    else if (this.options.jobToken) h['JOB-TOKEN'] = this.options.jobToken;
    return h;
  }

  /** One request; `path` starts with `/` and is already encoded. Resolves undefined data on 404 when `allow404`. */
  async request<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    options: { body?: unknown; allow404?: boolean; raw?: boolean } = {},
  ): Promise<GitLabResponse<T | undefined>> {
    const doFetch = this.options.fetch ?? fetch;
    const retries = this.options.maxRetries ?? 3;
    const headers = this.headers();
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const where = path.split('?')[0] as string;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await doFetch(`${this.base}${path}`, {
          method,
          headers,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        });
      } catch (e) {
        // fetch says only "fetch failed": name the endpoint and the cause (ECONNREFUSED, DNS ...).
        if (attempt < retries) {
          await sleep((this.options.retryDelayMs ?? 500) * 2 ** attempt);
          continue;
        }
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        throw new Error(
          `GitLab API ${method} ${this.base}${where}: ${(e as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`,
        );
      }
      if ((res.status === 429 || res.status >= 500) && attempt < retries) {
        const after = Number(res.headers.get('retry-after'));
        await res.arrayBuffer().catch(() => undefined);
        await sleep(
          Number.isFinite(after) && after > 0
            ? after * 1000
            : (this.options.retryDelayMs ?? 500) * 2 ** attempt,
        );
        continue;
      }
      if (res.status === 404 && options.allow404) {
        await res.arrayBuffer().catch(() => undefined);
        return { status: 404, data: undefined, headers: res.headers };
      }
      const text = await res.text();
      if (!res.ok) throw new GitLabApiError(method, where, res.status, text);
      const data = options.raw ? text : text ? JSON.parse(text) : undefined;
      return { status: res.status, data: data as T, headers: res.headers };
    }
  }

  async get<T>(path: string): Promise<T> {
    return (await this.request<T>('GET', path)).data as T;
  }

  /** Every page of a list endpoint (`per_page=100`, following `x-next-page`). */
  async paginate<T>(path: string, maxPages = 50): Promise<T[]> {
    const out: T[] = [];
    const sep = path.includes('?') ? '&' : '?';
    let page = '1';
    for (let n = 0; page && n < maxPages; n++) {
      const res = await this.request<T[]>('GET', `${path}${sep}per_page=100&page=${page}`);
      out.push(...(res.data ?? []));
      page = res.headers.get('x-next-page') ?? '';
    }
    return out;
  }
}

/** `:id` of a project path parameter: a numeric id or a URL-encoded `group/project` path. */
export function projectRef(id: string): string {
  return encodeURIComponent(id);
}

/** The CI/CD variable that holds the token: the component's `token-variable` input, passed as AUTOGLM_TOKEN_VARIABLE. */
export function gitlabTokenVariable(env: NodeJS.ProcessEnv): string {
  const name = env.AUTOGLM_TOKEN_VARIABLE?.trim();
  return name && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : 'AUTOGLM_GITLAB_TOKEN';
}

/** The API token of a GitLab CI job, from the variable `gitlabTokenVariable` names; undefined when unset. */
export function gitlabToken(env: NodeJS.ProcessEnv): string | undefined {
  return env[gitlabTokenVariable(env)] || undefined;
}
