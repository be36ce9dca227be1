import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback GitHub Actions cache service for tests, speaking what @actions/cache 6.3.0 sends
 * (read from node_modules/@actions/cache/lib):
 *
 * - v2 (github.com; chosen by ACTIONS_CACHE_SERVICE_V2): Twirp JSON RPCs
 *   `POST {ACTIONS_RESULTS_URL}/twirp/github.actions.results.api.v1.CacheService/{GetCacheEntryDownloadURL,
 *   CreateCacheEntry, FinalizeCacheEntryUpload}` with proto field names (`restore_keys`, `size_bytes`),
 *   the archive uploaded by the Azure Blob SDK (`PUT` with `x-ms-blob-type: BlockBlob`) to the signed
 *   URL and downloaded with a plain GET (the SDK download is used only for `*.blob.core.windows.net`).
 * - v1 (GHES; chosen when GITHUB_SERVER_URL is not github.com): REST under
 *   `{ACTIONS_CACHE_URL}_apis/artifactcache/`: `GET cache?keys=&version=`, `POST caches` (reserve),
 *   `PATCH caches/{id}` with `Content-Range` chunks, `POST caches/{id}` (commit), archive GET.
 *
 * Scopes work as on GitHub: the runtime token is a signed JWT whose `ac` claim lists the refs the
 * job may read (Permission 1) or write (2); lookups try each readable scope in order and, within
 * one, the exact key, then the newest entry whose key starts with it, for the primary key and then
 * each restore key. A pull request's token writes only to `refs/pull/N/merge`, so its entries serve
 * no other run. Every request is checked (method, path, headers, required and unknown fields, token,
 * URL signatures, sizes); violations are recorded, answered with a 4xx, and tests assert none.
 */

export interface CacheScope {
  scope: string;
  /** 1 read, 2 write, 3 both (the runner's values). */
  permission: number;
}

export interface FakeCacheEntry {
  id: number;
  key: string;
  version: string;
  scope: string;
  /** Creation order: prefix matches restore the newest. */
  seq: number;
  bytes?: Buffer;
  /** v1 chunks by offset until commit. */
  chunks: Map<number, Buffer>;
  committed: boolean;
}

export interface FakeCacheRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** The RPC or REST operation it matched: `v2 CreateCacheEntry`, `v1 reserve`, `blob upload`. */
  operation?: string;
}

export interface FakeActionsCache {
  url: string;
  entries: FakeCacheEntry[];
  requests: FakeCacheRequest[];
  violations: string[];
  /** A runtime token carrying these scopes, signed by this server. */
  token(scopes: CacheScope[]): string;
  /** The variables the runner gives a JavaScript action, for `service` and `scopes`. */
  env(service: 'v1' | 'v2', scopes: CacheScope[]): Record<string, string>;
  /** Replace a committed entry's archive with other bytes (a corrupt download). */
  corrupt(key: string, bytes: Buffer): void;
  close(): Promise<void>;
}

const TWIRP_SERVICE = 'github.actions.results.api.v1.CacheService';
const V1_BASE = '/v1/';
const ACCEPT_V1 = 'application/json;api-version=6.0-preview.1';
const HEX64 = /^[0-9a-f]{64}$/;

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** Checks shared by both services; each returns a problem or undefined. */
function checkKey(key: unknown, field: string): string | undefined {
  if (typeof key !== 'string' || key === '') return `${field} must be a non-empty string`;
  if (key.length > 512) return `${field} is longer than 512 characters`;
  if (key.includes(',')) return `${field} contains a comma`;
  return undefined;
}

export async function startFakeActionsCache(): Promise<FakeActionsCache> {
  const secret = randomBytes(32);
  const entries: FakeCacheEntry[] = [];
  const requests: FakeCacheRequest[] = [];
  const violations: string[] = [];
  let seq = 0;
  let url = '';

  const sign = (data: string) => createHmac('sha256', secret).update(data).digest('base64url');
  const signedEquals = (data: string, sig: string | null) => {
    const want = Buffer.from(sign(data));
    const got = Buffer.from(sig ?? '');
    return want.length === got.length && timingSafeEqual(want, got);
  };

  function token(scopes: CacheScope[]): string {
    const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
    const ac = JSON.stringify(scopes.map((s) => ({ Scope: s.scope, Permission: s.permission })));
    const body = b64url(JSON.stringify({ ac, exp: Math.floor(Date.now() / 1000) + 3600 }));
    return `${head}.${body}.${sign(`${head}.${body}`)}`;
  }

  /** The scopes of a valid bearer token, or a problem. */
  function scopesOf(headers: IncomingMessage['headers']): CacheScope[] | string {
    const auth = headers.authorization ?? '';
    const m = /^Bearer (([^.]+)\.([^.]+))\.([^.]+)$/.exec(auth);
    if (!m) return 'missing or malformed Authorization: Bearer <runtime token>';
    if (!signedEquals(m[1] as string, m[4] as string)) return 'runtime token signature is invalid';
    try {
      const claims = JSON.parse(Buffer.from(m[3] as string, 'base64url').toString('utf8')) as { ac: string };
      const ac = JSON.parse(claims.ac) as Array<{ Scope: string; Permission: number }>;
      return ac.map((a) => ({ scope: a.Scope, permission: a.Permission }));
    } catch {
      return 'runtime token has no readable "ac" claim';
    }
  }

  /** GitHub's matching: per readable scope, per key: exact, then the newest prefix match. */
  function lookup(scopes: CacheScope[], keys: string[], version: string): FakeCacheEntry | undefined {
    for (const { scope, permission } of scopes) {
      if (!(permission & 1)) continue;
      const here = entries.filter((e) => e.committed && e.scope === scope && e.version === version);
      for (const key of keys) {
        const exact = here.find((e) => e.key === key);
        if (exact) return exact;
        const prefixed = here.filter((e) => e.key.startsWith(key)).sort((a, b) => b.seq - a.seq)[0];
        if (prefixed) return prefixed;
      }
    }
    return undefined;
  }

  function reserve(scopes: CacheScope[], key: string, version: string): FakeCacheEntry | string {
    const writable = scopes.find((s) => s.permission & 2);
    if (!writable) return 'cache write denied: the runtime token has no writable scope';
    if (entries.some((e) => e.scope === writable.scope && e.key === key && e.version === version)) {
      return 'already_exists';
    }
    const entry: FakeCacheEntry = {
      id: entries.length + 1,
      key,
      version,
      scope: writable.scope,
      seq: ++seq,
      chunks: new Map(),
      committed: false,
    };
    entries.push(entry);
    return entry;
  }

  const blobPath = (entry: FakeCacheEntry) => `/blob/devstoreaccount1/actions-cache/${entry.id}`;
  const signedBlobUrl = (entry: FakeCacheEntry, perm: 'r' | 'cw') => {
    const sig = sign(`${blobPath(entry)}|${perm}`);
    return `${url}${blobPath(entry)}?sv=2024-11-04&sr=b&sp=${perm}&sig=${sig}`;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = (req.method ?? 'GET').toUpperCase();
      const request: FakeCacheRequest = {
        method,
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(request);
      const where = `${method} ${u.pathname}`;
      const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
        const text = body === undefined ? '' : JSON.stringify(body);
        res.writeHead(status, {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          'content-length': String(Buffer.byteLength(text)),
          ...headers,
        });
        res.end(text);
      };
      const reject = (problem: string, status = 400, body: unknown = { message: problem }) => {
        violations.push(`${where}: ${problem}`);
        send(status, body);
      };
      try {
        if (u.pathname.startsWith('/twirp/')) twirp(request, u, send, reject);
        else if (u.pathname.startsWith(`${V1_BASE}_apis/artifactcache/`)) v1(request, u, send, reject);
        else if (u.pathname.startsWith('/blob/')) blob(request, u, res, send, reject);
        else reject('no such endpoint', 404);
      } catch (e) {
        reject(`fake cache crashed: ${(e as Error).message}`, 400);
      }
    });
  });

  type Send = (status: number, body?: unknown, headers?: Record<string, string>) => void;
  type Reject = (problem: string, status?: number, body?: unknown) => void;

  function twirp(request: FakeCacheRequest, u: URL, send: Send, reject: Reject) {
    const twirpError = (problem: string, code = 'malformed', status = 400) =>
      reject(problem, status, { code, msg: problem });
    const m = new RegExp(`^/twirp/${TWIRP_SERVICE.replace(/\./g, '\\.')}/(\\w+)$`).exec(u.pathname);
    const rpc = m?.[1];
    if (!rpc || !['GetCacheEntryDownloadURL', 'CreateCacheEntry', 'FinalizeCacheEntryUpload'].includes(rpc)) {
      twirpError('no such Twirp method', 'bad_route', 404);
      return;
    }
    request.operation = `v2 ${rpc}`;
    if (request.method !== 'POST') return twirpError(`${rpc} must be POST`, 'bad_route', 404);
    if (request.headers['content-type'] !== 'application/json') {
      return twirpError(`${rpc}: Content-Type must be application/json`);
    }
    if (!String(request.headers['user-agent']).startsWith('@actions/cache-')) {
      return twirpError(`${rpc}: User-Agent must be the toolkit's (@actions/cache-<version>)`);
    }
    const scopes = scopesOf(request.headers);
    if (typeof scopes === 'string') return twirpError(scopes, 'unauthenticated', 401);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return twirpError(`${rpc}: body is not JSON`);
    }
    const allowed: Record<string, string[]> = {
      GetCacheEntryDownloadURL: ['metadata', 'key', 'restore_keys', 'version'],
      CreateCacheEntry: ['metadata', 'key', 'version'],
      FinalizeCacheEntryUpload: ['metadata', 'key', 'size_bytes', 'version'],
    };
    const unknown = Object.keys(body).filter((k) => !allowed[rpc]?.includes(k));
    if (unknown.length) return twirpError(`${rpc}: unknown field(s) ${unknown.join(', ')}`);
    const keyProblem = checkKey(body.key, `${rpc}.key`);
    if (keyProblem) return twirpError(keyProblem, 'invalid_argument');
    if (typeof body.version !== 'string' || !HEX64.test(body.version)) {
      return twirpError(`${rpc}.version must be the 64-hex cache version`, 'invalid_argument');
    }
    const key = body.key as string;
    const version = body.version;
    if (rpc === 'GetCacheEntryDownloadURL') {
      const restore = body.restore_keys ?? [];
      if (!Array.isArray(restore) || restore.some((k) => checkKey(k, 'restore_keys'))) {
        return twirpError('restore_keys must be a list of valid keys', 'invalid_argument');
      }
      if (restore.length > 9) return twirpError('at most 10 keys in all', 'invalid_argument');
      const hit = lookup(scopes, [key, ...(restore as string[])], version);
      if (!hit) return send(200, { ok: false, signed_download_url: '', matched_key: '' });
      return send(200, { ok: true, signed_download_url: signedBlobUrl(hit, 'r'), matched_key: hit.key });
    }
    if (rpc === 'CreateCacheEntry') {
      const entry = reserve(scopes, key, version);
      if (entry === 'already_exists') {
        return send(409, { code: 'already_exists', msg: `cache entry ${key} already exists` });
      }
      if (typeof entry === 'string') return send(200, { ok: false, signed_upload_url: '', message: entry });
      return send(200, { ok: true, signed_upload_url: signedBlobUrl(entry, 'cw') });
    }
    // FinalizeCacheEntryUpload: int64 fields travel as decimal strings in proto JSON.
    if (typeof body.size_bytes !== 'string' || !/^\d+$/.test(body.size_bytes)) {
      return twirpError('size_bytes must be an int64 in a decimal string', 'invalid_argument');
    }
    const writable = scopes.find((s) => s.permission & 2)?.scope;
    const entry = entries.find(
      (e) => !e.committed && e.scope === writable && e.key === key && e.version === version,
    );
    if (!entry) return twirpError(`no reserved entry ${key} to finalize`, 'not_found', 404);
    if (!entry.bytes) return twirpError(`entry ${key} was finalized before its archive was uploaded`);
    if (entry.bytes.length !== Number(body.size_bytes)) {
      return twirpError(
        `size_bytes ${body.size_bytes} differs from the ${entry.bytes.length} bytes uploaded`,
      );
    }
    entry.committed = true;
    send(200, { ok: true, entry_id: String(entry.id) });
  }

  function v1(request: FakeCacheRequest, u: URL, send: Send, reject: Reject) {
    const resource = u.pathname.slice(`${V1_BASE}_apis/artifactcache/`.length);
    if (request.headers.accept !== ACCEPT_V1) return reject(`Accept must be ${ACCEPT_V1}`);
    const scopes = scopesOf(request.headers);
    if (typeof scopes === 'string') return reject(scopes, 401);
    const json = (): Record<string, unknown> | undefined => {
      if (request.headers['content-type'] !== 'application/json') return undefined;
      try {
        return JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    };
    if (resource === 'cache' && request.method === 'GET') {
      request.operation = 'v1 get';
      const names = [...u.searchParams.keys()].sort().join(',');
      if (names !== 'keys,version') return reject(`query must be exactly keys and version, got ${names}`);
      const keys = (u.searchParams.get('keys') as string).split(',');
      const version = u.searchParams.get('version') as string;
      if (keys.length > 10) return reject('at most 10 keys');
      const bad = keys.map((k) => checkKey(k, 'keys')).find(Boolean);
      if (bad) return reject(bad);
      if (!HEX64.test(version)) return reject('version must be the 64-hex cache version');
      const hit = lookup(scopes, keys, version);
      if (!hit) return send(204);
      return send(200, {
        scope: hit.scope,
        cacheKey: hit.key,
        cacheVersion: hit.version,
        creationTime: new Date().toISOString(),
        archiveLocation: signedBlobUrl(hit, 'r'),
      });
    }
    if (resource === 'caches' && request.method === 'GET') {
      request.operation = 'v1 list';
      const key = u.searchParams.get('key');
      if (!key) return reject('list needs ?key=');
      const found = entries.filter((e) => e.committed && e.key.startsWith(key));
      return send(200, {
        totalCount: found.length,
        artifactCaches: found.map((e) => ({ cacheKey: e.key, cacheVersion: e.version, scope: e.scope })),
      });
    }
    if (resource === 'caches' && request.method === 'POST') {
      request.operation = 'v1 reserve';
      const body = json();
      if (!body) return reject('reserve needs a JSON body (Content-Type: application/json)');
      const unknown = Object.keys(body).filter((k) => !['key', 'version', 'cacheSize'].includes(k));
      if (unknown.length) return reject(`reserve: unknown field(s) ${unknown.join(', ')}`);
      const bad = checkKey(body.key, 'key');
      if (bad) return reject(bad);
      if (typeof body.version !== 'string' || !HEX64.test(body.version)) {
        return reject('version must be the 64-hex cache version');
      }
      if (body.cacheSize !== undefined && !Number.isInteger(body.cacheSize)) {
        return reject('cacheSize must be an integer');
      }
      const entry = reserve(scopes, body.key as string, body.version);
      if (entry === 'already_exists') return send(409, { message: `Cache already exists. Key: ${body.key}` });
      if (typeof entry === 'string') return send(403, { message: entry });
      return send(201, { cacheId: entry.id });
    }
    const idMatch = /^caches\/(\d+)$/.exec(resource);
    const entry = idMatch ? entries.find((e) => e.id === Number(idMatch[1])) : undefined;
    if (!idMatch) return reject('no such cache resource', 404);
    const writable = scopes.find((s) => s.permission & 2)?.scope;
    if (!entry || entry.committed || entry.scope !== writable) {
      return reject(`no reserved cache ${idMatch[1]} for this token`, 404);
    }
    if (request.method === 'PATCH') {
      request.operation = 'v1 upload';
      if (request.headers['content-type'] !== 'application/octet-stream') {
        return reject('chunk Content-Type must be application/octet-stream');
      }
      const range = /^bytes (\d+)-(\d+)\/\*$/.exec(String(request.headers['content-range'] ?? ''));
      if (!range) return reject('chunk needs Content-Range: bytes start-end/*');
      const start = Number(range[1]);
      const end = Number(range[2]);
      if (end - start + 1 !== request.body.length) {
        return reject(`Content-Range covers ${end - start + 1} bytes, body has ${request.body.length}`);
      }
      entry.chunks.set(start, request.body);
      return send(204);
    }
    if (request.method === 'POST') {
      request.operation = 'v1 commit';
      const body = json();
      if (!body || !Number.isInteger(body.size)) return reject('commit needs a JSON body { size }');
      const offsets = [...entry.chunks.keys()].sort((a, b) => a - b);
      let at = 0;
      for (const o of offsets) {
        if (o !== at) return reject(`chunks are not contiguous at byte ${at}`);
        at += (entry.chunks.get(o) as Buffer).length;
      }
      if (at !== body.size) return reject(`commit size ${body.size} differs from the ${at} bytes uploaded`);
      entry.bytes = Buffer.concat(offsets.map((o) => entry.chunks.get(o) as Buffer));
      entry.chunks.clear();
      entry.committed = true;
      return send(204);
    }
    reject('no such cache operation', 405);
  }

  function blob(request: FakeCacheRequest, u: URL, res: ServerResponse, send: Send, reject: Reject) {
    const id = Number(/^\/blob\/devstoreaccount1\/actions-cache\/(\d+)$/.exec(u.pathname)?.[1]);
    const entry = entries.find((e) => e.id === id);
    const perm = u.searchParams.get('sp');
    if (!entry || (perm !== 'r' && perm !== 'cw')) return reject('no such blob', 404);
    if (!signedEquals(`${u.pathname}|${perm}`, u.searchParams.get('sig'))) {
      return reject('blob URL signature does not match', 403);
    }
    if (request.method === 'GET') {
      request.operation = 'blob download';
      if (perm !== 'r' || !entry.committed || !entry.bytes) return reject('blob is not readable', 403);
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(entry.bytes.length),
      });
      res.end(entry.bytes);
      return;
    }
    if (request.method === 'PUT') {
      request.operation = 'blob upload';
      if (perm !== 'cw' || entry.committed) return reject('blob is not writable', 403);
      // Archives over 128 MiB would come as Put Block + Put Block List; ours never do.
      if (u.searchParams.has('comp'))
        return reject(`block uploads (comp=${u.searchParams.get('comp')}) are not served`);
      if (request.headers['x-ms-blob-type'] !== 'BlockBlob')
        return reject('Put Blob needs x-ms-blob-type: BlockBlob');
      if (!request.headers['x-ms-version']) return reject('Put Blob needs x-ms-version');
      if (Number(request.headers['content-length']) !== request.body.length) {
        return reject('Content-Length differs from the body');
      }
      entry.bytes = request.body;
      return send(201, undefined, {
        etag: `"0x${entry.id.toString(16)}"`,
        'last-modified': new Date().toUTCString(),
        'x-ms-request-id': randomBytes(8).toString('hex'),
        'x-ms-version': String(request.headers['x-ms-version']),
        'x-ms-request-server-encrypted': 'true',
      });
    }
    reject('no such blob operation', 405);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    entries,
    requests,
    violations,
    token,
    env(service, scopes) {
      const common = { ACTIONS_RUNTIME_TOKEN: token(scopes), ACTIONS_RESULTS_URL: `${url}/` };
      return service === 'v2'
        ? { ...common, ACTIONS_CACHE_SERVICE_V2: 'True', GITHUB_SERVER_URL: 'https://github.com' }
        : {
            ...common,
            ACTIONS_CACHE_SERVICE_V2: '',
            ACTIONS_CACHE_URL: `${url}${V1_BASE}`,
            GITHUB_SERVER_URL: 'https://ghes.example.com',
          };
    },
    corrupt(key, bytes) {
      const entry = entries.find((e) => e.committed && e.key === key);
      if (!entry) throw new Error(`no committed entry ${key}`);
      entry.bytes = bytes;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
