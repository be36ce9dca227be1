import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback GitLab REST v4 API for tests: merge request notes, the current user, pipelines, jobs
 * and job artifacts, with GitLab's auth rules (PRIVATE-TOKEN for access tokens; JOB-TOKEN reads
 * artifacts only and cannot list pipelines or post notes) and its pagination headers. Every
 * request is recorded; a request no route knows, an unknown query parameter or a bad body is a
 * violation (tests assert there are none). Note bodies are scanned the way GitLab would act on
 * them: quick actions (a line starting with `/word`) and @mentions are recorded as executed.
 */

export interface FakeNote {
  id: number;
  body: string;
  system: boolean;
  author: { id: number; username: string };
}
export interface FakeJob {
  id: number;
  name: string;
  status: 'success' | 'failed';
  artifacts: Record<string, string>;
}
export interface FakePipeline {
  id: number;
  ref: string;
  sha: string;
  status: 'success' | 'failed';
  jobs: FakeJob[];
}
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  auth: string;
  body?: unknown;
}

interface Route {
  method: string;
  pattern: RegExp;
  query: string[];
  handler: (m: RegExpMatchArray, req: Ctx) => Reply;
}
interface Ctx {
  query: URLSearchParams;
  body: unknown;
  user?: { id: number; username: string };
  job: boolean;
}
interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

const PAGE = ['per_page', 'page'];
const QUICK_ACTION = /^\/([a-z_]+)/gm;

export class FakeGitLab {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  /** Quick actions GitLab would have run, and users it would have notified. */
  readonly quickActions: string[] = [];
  readonly mentions: string[] = [];
  readonly notes = new Map<string, FakeNote[]>();
  readonly pipelines: FakePipeline[] = [];
  readonly tokens = new Map<string, { id: number; username: string }>();
  jobToken = 'job-token-secret';
  // Far from gitlab-ci-local's own CI_PIPELINE_ID counter, which the store compares with.
  private nextId = 50_000;
  private server = createServer((req, res) => this.handle(req, res));
  private routes: Route[] = [];
  url = '';

  constructor(readonly projectId = '1217') {
    const p = `/api/v4/projects/${projectId}`;
    const r = (method: string, path: string, query: string[], handler: Route['handler']) =>
      this.routes.push({ method, pattern: new RegExp(`^${p}${path}$`), query, handler });
    this.routes.push({
      method: 'GET',
      pattern: /^\/api\/v4\/user$/,
      query: [],
      handler: (_m, c) => (c.user ? { status: 200, json: c.user } : { status: 401 }),
    });
    r('GET', '/merge_requests/(\\d+)/notes', ['sort', 'order_by', ...PAGE], (m, c) => {
      if (!c.user && !c.job) return { status: 401 };
      return this.page(this.mrNotes(m[1] as string), c.query);
    });
    r('POST', '/merge_requests/(\\d+)/notes', [], (m, c) => {
      if (!c.user) return { status: c.job ? 403 : 401, json: { message: '403 Forbidden' } };
      const body = this.noteText(c.body);
      if (body === undefined) return { status: 400, json: { message: 'body is missing' } };
      const note: FakeNote = { id: this.nextId++, body, system: false, author: c.user };
      this.mrNotes(m[1] as string).push(note);
      this.act(body);
      return { status: 201, json: note };
    });
    r('PUT', '/merge_requests/(\\d+)/notes/(\\d+)', [], (m, c) => {
      if (!c.user) return { status: c.job ? 403 : 401 };
      const note = this.mrNotes(m[1] as string).find((n) => n.id === Number(m[2]));
      if (!note) return { status: 404 };
      if (note.author.id !== c.user.id) return { status: 403, json: { message: '403 Forbidden' } };
      const body = this.noteText(c.body);
      if (body === undefined) return { status: 400 };
      note.body = body;
      this.act(body);
      return { status: 200, json: note };
    });
    r('GET', '/pipelines', ['sha', 'ref', 'status', 'order_by', 'sort', ...PAGE], (_m, c) => {
      if (!c.user) return { status: c.job ? 403 : 401 };
      const sha = c.query.get('sha');
      const ref = c.query.get('ref');
      const status = c.query.get('status');
      const list = this.pipelines
        .filter((x) => (!sha || x.sha === sha) && (!ref || x.ref === ref) && (!status || x.status === status))
        .sort((a, b) => b.id - a.id)
        .map(({ jobs: _j, ...rest }) => rest);
      return this.page(list, c.query);
    });
    r('GET', '/pipelines/(\\d+)/jobs', ['scope[]', ...PAGE], (m, c) => {
      if (!c.user) return { status: c.job ? 403 : 401 };
      const p = this.pipelines.find((x) => x.id === Number(m[1]));
      if (!p) return { status: 404 };
      const scope = c.query.getAll('scope[]');
      const jobs = p.jobs
        .filter((j) => scope.length === 0 || scope.includes(j.status))
        .map(({ artifacts: _a, ...rest }) => rest);
      return this.page(jobs, c.query);
    });
    r('GET', '/jobs/(\\d+)/artifacts/(.+)', [], (m, c) => {
      if (!c.user && !c.job) return { status: 401 };
      const job = this.pipelines.flatMap((x) => x.jobs).find((j) => j.id === Number(m[1]));
      const text = job?.artifacts[decodeURIComponent(m[2] as string)];
      return text === undefined ? { status: 404 } : { status: 200, text };
    });
    r('GET', '/jobs/artifacts/([^/]+)/raw/(.+)', ['job'], (m, c) => {
      if (!c.user && !c.job) return { status: 401 };
      const ref = decodeURIComponent(m[1] as string);
      const name = c.query.get('job');
      if (!name) return { status: 400, json: { message: 'job is missing' } };
      // GitLab: the latest successful pipeline of the ref, then that pipeline's job of that name.
      const p = this.pipelines
        .filter((x) => x.ref === ref && x.status === 'success')
        .sort((a, b) => b.id - a.id)[0];
      const job = p?.jobs.find((j) => j.name === name && j.status === 'success');
      const text = job?.artifacts[decodeURIComponent(m[2] as string)];
      return text === undefined ? { status: 404, json: { message: '404 Not found' } } : { status: 200, text };
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** An access token that authenticates as this user. */
  addToken(token: string, user: { id: number; username: string }): void {
    this.tokens.set(token, user);
  }

  mrNotes(iid: string | number): FakeNote[] {
    const key = String(iid);
    if (!this.notes.has(key)) this.notes.set(key, []);
    return this.notes.get(key) as FakeNote[];
  }

  /** A note written by someone else (a human reviewer, another bot). */
  addNote(iid: number, body: string, author: { id: number; username: string }): FakeNote {
    const note: FakeNote = { id: this.nextId++, body, system: false, author };
    this.mrNotes(iid).push(note);
    return note;
  }

  /** What GitLab keeps of a finished pipeline: its ref, sha, status and each job's artifacts. */
  addPipeline(p: {
    ref: string;
    sha: string;
    status?: 'success' | 'failed';
    jobs: Array<Omit<FakeJob, 'id'>>;
  }): FakePipeline {
    const pipeline: FakePipeline = {
      id: this.nextId++,
      ref: p.ref,
      sha: p.sha,
      status: p.status ?? 'success',
      jobs: p.jobs.map((j) => ({ ...j, id: this.nextId++ })),
    };
    this.pipelines.push(pipeline);
    return pipeline;
  }

  private noteText(body: unknown): string | undefined {
    const text = (body as { body?: unknown } | null)?.body;
    if (typeof text !== 'string' || text.length === 0) return undefined;
    if (text.length > 1_000_000) {
      this.violations.push(`note body of ${text.length} characters is over GitLab's 1,000,000`);
    }
    return text;
  }

  /** Quick actions run outside code fences; mentions notify wherever they are. */
  private act(body: string): void {
    let fenced = false;
    for (const line of body.split('\n')) {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      if (fenced) continue;
      for (const m of line.matchAll(QUICK_ACTION)) this.quickActions.push(m[1] as string);
    }
    for (const m of body.matchAll(/(?:^|[^\w\u2060])@([A-Za-z0-9_][A-Za-z0-9_.-]*)/g))
      this.mentions.push(m[1] as string);
  }

  private page(list: unknown[], query: URLSearchParams): Reply {
    const per = Math.min(100, Number(query.get('per_page') ?? 20));
    const page = Number(query.get('page') ?? 1);
    const slice = list.slice((page - 1) * per, page * per);
    const more = page * per < list.length;
    return {
      status: 200,
      json: slice,
      headers: {
        'x-page': String(page),
        'x-per-page': String(per),
        'x-total': String(list.length),
        'x-next-page': more ? String(page + 1) : '',
      },
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://x');
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = req.method ?? 'GET';
    const privateToken = req.headers['private-token'];
    const jobToken = req.headers['job-token'];
    let body: unknown;
    if (raw) {
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        this.violations.push(`${method} ${url.pathname}: body without content-type application/json`);
      }
      try {
        body = JSON.parse(raw);
      } catch {
        this.violations.push(`${method} ${url.pathname}: body is not JSON`);
      }
    }
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      auth: privateToken ? `PRIVATE-TOKEN ${privateToken}` : jobToken ? `JOB-TOKEN ${jobToken}` : 'none',
      ...(body !== undefined ? { body } : {}),
    });
    const route = this.routes.find((r) => r.method === method && r.pattern.test(url.pathname));
    const send = (reply: Reply) => {
      const headers = { ...(reply.headers ?? {}) };
      if (reply.json !== undefined) headers['content-type'] = 'application/json';
      res.writeHead(reply.status, headers);
      res.end(reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? ''));
    };
    if (!route) {
      this.violations.push(`no such endpoint: ${method} ${url.pathname}`);
      return send({ status: 404, json: { message: '404 Not Found' } });
    }
    for (const key of url.searchParams.keys()) {
      if (!route.query.includes(key))
        this.violations.push(`${method} ${url.pathname}: unknown query parameter ${key}`);
    }
    const user = typeof privateToken === 'string' ? this.tokens.get(privateToken) : undefined;
    if (typeof privateToken === 'string' && !user)
      return send({ status: 401, json: { message: '401 Unauthorized' } });
    const job = typeof jobToken === 'string' && jobToken === this.jobToken;
    if (typeof jobToken === 'string' && !job)
      return send({ status: 401, json: { message: '401 Unauthorized' } });
    const m = url.pathname.match(route.pattern) as RegExpMatchArray;
    send(route.handler(m, { query: url.searchParams, body, ...(user ? { user } : {}), job }));
  }
}
