import { createRequire } from 'node:module';
import type { FakeGitHub, FakeRequest, Handler } from './fake-github.js';

/**
 * In-memory GitHub state behind the spec-validating loopback API: PR comments, check runs,
 * workflow runs with artifacts, collaborator permissions, and injected failures.
 */

export interface StoredComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  html_url: string;
  created_at: string;
  issue_number: number;
}

export interface StoredCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion?: string;
  output: { title?: string; summary?: string; text?: string; annotations: unknown[] };
  html_url: string;
}

export interface GithubState {
  comments: StoredComment[];
  checkRuns: StoredCheckRun[];
  /** Workflow run id -> its artifacts (zip bytes). */
  artifacts: Map<number, Array<{ id: number; name: string; zip: Uint8Array }>>;
  pulls: Array<{ number: number; head: { sha: string; ref: string }; state: string }>;
  permissions: Map<string, string>;
  reruns: number[];
  /** Who the token posts as. */
  botLogin: string;
  /** Reject writes with 403, like a fork's read-only token. */
  readOnly: boolean;
  /** `METHOD template` -> statuses to answer before the real handler (500, 429 ...). */
  faults: Map<string, number[]>;
  addComment(issue: number, body: string, login: string, type?: string): StoredComment;
}

export const REPO = { owner: 'Codertocat', repo: 'Hello-World' };

function loadExamples(): Array<{ name: string; examples: Array<Record<string, unknown>> }> {
  const require = createRequire(import.meta.url);
  return require('@octokit/webhooks-examples/api.github.com/index.json');
}

/** A real payload from @octokit/webhooks-examples: the first of `event` with that `action`. */
export function webhookExample(event: string, action?: string, nth = 0): Record<string, unknown> {
  const group = loadExamples().find((e) => e.name === event);
  const list = (group?.examples ?? []).filter((x) => action === undefined || x.action === action);
  const found = list[nth];
  if (!found) throw new Error(`no ${event}.${action} example`);
  return structuredClone(found);
}

export function installGithubState(gh: FakeGitHub): GithubState {
  let nextId = 1000;
  const state: GithubState = {
    comments: [],
    checkRuns: [],
    artifacts: new Map(),
    pulls: [],
    permissions: new Map(),
    reruns: [],
    botLogin: 'github-actions[bot]',
    readOnly: false,
    faults: new Map(),
    addComment(issue, body, login, type = 'User') {
      const id = nextId++;
      const c = {
        id,
        body,
        user: { login, type },
        html_url: `https://github.com/${REPO.owner}/${REPO.repo}/pull/${issue}#issuecomment-${id}`,
        created_at: new Date().toISOString(),
        issue_number: issue,
      };
      state.comments.push(c);
      return c;
    },
  };
  const on = (method: string, template: string, handler: Handler, write = false) => {
    gh.on(method, template, (req: FakeRequest) => {
      const queue = state.faults.get(`${method} ${template}`);
      const fault = queue?.shift();
      if (fault === 429) {
        return {
          status: 429,
          body: { message: 'You have exceeded a secondary rate limit' },
          headers: { 'retry-after': '1' },
        };
      }
      if (fault) return { status: fault, body: { message: 'Server Error' } };
      if (write && state.readOnly)
        return { status: 403, body: { message: 'Resource not accessible by integration' } };
      return handler(req);
    });
  };
  const commentJson = (c: StoredComment) => ({ ...c });

  on('GET', '/user', () => ({ status: 403, body: { message: 'Resource not accessible by integration' } }));
  on('GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments', (req) => {
    const issue = Number(req.params.issue_number);
    const perPage = Number(req.query.get('per_page') ?? 30);
    const page = Number(req.query.get('page') ?? 1);
    const all = state.comments.filter((c) => c.issue_number === issue);
    const slice = all.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < all.length) {
      headers.link = `<${gh.url}${req.path}?per_page=${perPage}&page=${page + 1}>; rel="next"`;
    }
    return { body: slice.map(commentJson), headers };
  });
  on(
    'POST',
    '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    (req) => {
      const c = state.addComment(
        Number(req.params.issue_number),
        (req.body as { body: string }).body,
        state.botLogin,
        'Bot',
      );
      return { status: 201, body: commentJson(c) };
    },
    true,
  );
  on(
    'PATCH',
    '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    (req) => {
      const c = state.comments.find((x) => x.id === Number(req.params.comment_id));
      if (!c) return { status: 404, body: { message: 'Not Found' } };
      if (c.user.login !== state.botLogin) return { status: 403, body: { message: 'not yours' } };
      c.body = (req.body as { body: string }).body;
      return { body: commentJson(c) };
    },
    true,
  );
  on(
    'POST',
    '/repos/{owner}/{repo}/check-runs',
    (req) => {
      const b = req.body as Omit<StoredCheckRun, 'id' | 'html_url'>;
      const id = nextId++;
      const run: StoredCheckRun = {
        ...b,
        id,
        output: { ...b.output, annotations: [...(b.output?.annotations ?? [])] },
        html_url: `https://github.com/${REPO.owner}/${REPO.repo}/runs/${id}`,
      };
      state.checkRuns.push(run);
      return { status: 201, body: run };
    },
    true,
  );
  on(
    'PATCH',
    '/repos/{owner}/{repo}/check-runs/{check_run_id}',
    (req) => {
      const run = state.checkRuns.find((x) => x.id === Number(req.params.check_run_id));
      if (!run) return { status: 404, body: { message: 'Not Found' } };
      const b = req.body as Partial<StoredCheckRun>;
      run.output = {
        ...run.output,
        ...b.output,
        annotations: [...run.output.annotations, ...(b.output?.annotations ?? [])],
      };
      return { body: run };
    },
    true,
  );
  on('GET', '/repos/{owner}/{repo}/collaborators/{username}/permission', (req) => {
    const permission = state.permissions.get(req.params.username as string) ?? 'read';
    return { body: { permission, role_name: permission, user: { login: req.params.username } } };
  });
  on('GET', '/repos/{owner}/{repo}/commits/{commit_sha}/pulls', (req) => ({
    body: state.pulls.filter((p) => p.head.sha === req.params.commit_sha),
  }));
  on('GET', '/repos/{owner}/{repo}/pulls', () => ({ body: state.pulls.filter((p) => p.state === 'open') }));
  on('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', (req) => {
    const list = (state.artifacts.get(Number(req.params.run_id)) ?? []).filter(
      (a) => !req.query.get('name') || a.name === req.query.get('name'),
    );
    return {
      body: {
        total_count: list.length,
        artifacts: list.map((a) => ({ id: a.id, name: a.name, expired: false, size_in_bytes: a.zip.length })),
      },
    };
  });
  on('GET', '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', (req) => {
    const id = Number(req.params.artifact_id);
    const found = [...state.artifacts.values()].flat().find((a) => a.id === id);
    if (!found) return { status: 404, body: { message: 'Not Found' } };
    return { status: 302, headers: { location: gh.blob(`/blobs/${id}.zip`, found.zip) } };
  });
  on(
    'POST',
    '/repos/{owner}/{repo}/actions/runs/{run_id}/rerun',
    (req) => {
      state.reruns.push(Number(req.params.run_id));
      return { status: 201, body: {} };
    },
    true,
  );
  return state;
}
