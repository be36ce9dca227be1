import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

/**
 * A loopback GitHub REST API for tests. Every request is checked against GitHub's own OpenAPI
 * description (@octokit/openapi): the path and method must exist, query parameters must be
 * declared by the operation, required ones present, and JSON bodies must carry the required
 * properties. Violations are recorded (tests assert there are none) and answered with a 400.
 */

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  $ref?: string;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: { required?: string[] } }> };
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, Parameter> };
}

let spec: Spec | undefined;
function loadSpec(): Spec {
  if (!spec) {
    const require = createRequire(import.meta.url);
    spec = JSON.parse(
      readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8'),
    ) as Spec;
  }
  return spec;
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
}

function compile(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\\?\{([^}]+)\\?\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
  return { pattern: new RegExp(`^${source}$`), names };
}

let compiled: Array<Route> | undefined;
function specRoutes(): Route[] {
  if (!compiled) {
    compiled = [];
    for (const [template, ops] of Object.entries(loadSpec().paths)) {
      const { pattern, names } = compile(template);
      for (const method of Object.keys(ops))
        compiled.push({ method: method.toUpperCase(), template, pattern, names });
    }
  }
  return compiled;
}

export interface FakeRequest {
  method: string;
  /** The OpenAPI path template that matched, e.g. /repos/{owner}/{repo}/issues/{issue_number}/comments. */
  route: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingMessage['headers'];
}

export type Handler = (
  req: FakeRequest,
) => { status?: number; body?: unknown; headers?: Record<string, string> } | undefined;

export interface FakeGitHub {
  url: string;
  requests: FakeRequest[];
  violations: string[];
  /** Answer `METHOD template` (an OpenAPI path template) with a handler. */
  on(method: string, template: string, handler: Handler): void;
  /** Serve raw bytes at a non-API path (artifact blob downloads are redirected here). */
  blob(path: string, bytes: Uint8Array): string;
  close(): Promise<void>;
}

function resolveParam(p: Parameter): Parameter {
  if (!p.$ref) return p;
  const key = p.$ref.split('/').pop() as string;
  return loadSpec().components.parameters[key] as Parameter;
}

function validate(route: Route, query: URLSearchParams, body: unknown): string[] {
  const op = loadSpec().paths[route.template]?.[route.method.toLowerCase()] as Operation;
  const params = (op.parameters ?? []).map(resolveParam);
  const declared = new Set(params.filter((p) => p.in === 'query').map((p) => p.name));
  const problems: string[] = [];
  for (const name of query.keys()) {
    if (!declared.has(name))
      problems.push(`${route.method} ${route.template}: undeclared query parameter "${name}"`);
  }
  for (const p of params) {
    if (p.in === 'query' && p.required && !query.has(p.name)) {
      problems.push(`${route.method} ${route.template}: missing required query parameter "${p.name}"`);
    }
  }
  const required = op.requestBody?.content?.['application/json']?.schema?.required ?? [];
  for (const name of required) {
    if (typeof body !== 'object' || body === null || !(name in body)) {
      problems.push(`${route.method} ${route.template}: body lacks required property "${name}"`);
    }
  }
  return problems;
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const handlers = new Map<string, Handler>();
  const blobs = new Map<string, Uint8Array>();
  const requests: FakeRequest[] = [];
  const violations: string[] = [];

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const blob = blobs.get(url.pathname);
      if (blob) {
        res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(blob.length) });
        res.end(Buffer.from(blob));
        return;
      }
      const method = (req.method ?? 'GET').toUpperCase();
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const route = specRoutes().find((r) => r.method === method && r.pattern.test(url.pathname));
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(payload === undefined ? '' : JSON.stringify(payload));
      };
      if (!route) {
        violations.push(`${method} ${url.pathname}: no such operation in GitHub's OpenAPI description`);
        send(404, { message: 'Not Found' });
        return;
      }
      const match = route.pattern.exec(url.pathname) as RegExpExecArray;
      const params = Object.fromEntries(
        route.names.map((n, i) => [n, decodeURIComponent(match[i + 1] as string)]),
      );
      const request: FakeRequest = {
        method,
        route: route.template,
        path: url.pathname,
        params,
        query: url.searchParams,
        body,
        headers: req.headers,
      };
      requests.push(request);
      const problems = validate(route, url.searchParams, body);
      if (problems.length) {
        violations.push(...problems);
        send(400, { message: problems.join('; ') });
        return;
      }
      const handler = handlers.get(`${method} ${route.template}`);
      const answer = handler?.(request);
      if (!answer) {
        send(404, { message: 'Not Found' });
        return;
      }
      send(answer.status ?? 200, answer.body, answer.headers);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    violations,
    on(method, template, handler) {
      handlers.set(`${method.toUpperCase()} ${template}`, handler);
    },
    blob(path, bytes) {
      blobs.set(path, bytes);
      return `${url}${path}`;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
