import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake does with one request (by arrival order and body). */
export type Fault =
  | 'ok'
  | { status: 429 | 503; retryAfter?: string; retryAfterMs?: number }
  | { status: 500 | 400 | 401 }
  | 'drop'
  | 'drop-mid-stream'
  | 'hang';

export interface Answer {
  content: string;
  /** Omit usage (TGI streams); undefined = computed from whitespace tokens. */
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

export interface FakeOptions {
  /** Milliseconds before the answer (streams: before the first chunk). */
  latencyMs?: number | ((body: Record<string, unknown>) => number);
  /** The answer to a request; default echoes the last user message. */
  respond?: (body: Record<string, unknown>) => Answer;
  fault?: (index: number, body: Record<string, unknown>) => Fault;
  /** Serve `/metrics` with process_resident_memory_bytes (vLLM/TGI style). */
  metricsBytes?: number;
  /** Route prefix: '/v1' (default) or '' (GLM). */
  basePath?: string;
  /** Milliseconds between streamed chunks. */
  chunkDelayMs?: number;
}

export interface LoggedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  outcome: string;
}

export interface FakeServer {
  url: string;
  log: LoggedRequest[];
  /** Requests being answered right now, and the most seen at once. */
  inFlight: () => number;
  maxInFlight: () => number;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function lastUser(body: Record<string, unknown>): string {
  const msgs = body.messages as Array<{ role: string; content: string }> | undefined;
  if (msgs) return msgs.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  return String(body.prompt ?? body.input ?? '');
}

/** A loopback OpenAI-compatible server: chat, completions, embeddings, SSE, faults and a request log. */
export async function startFakeOpenAI(options: FakeOptions = {}): Promise<FakeServer> {
  const log: LoggedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let index = 0;
  const base = options.basePath ?? '/v1';
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const entry: LoggedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body,
      outcome: 'ok',
    };
    log.push(entry);
    if (req.url === '/metrics' && options.metricsBytes !== undefined) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(
        `# HELP process_resident_memory_bytes Resident memory size in bytes.\n# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes ${options.metricsBytes}\n`,
      );
      return;
    }
    const route = (req.url ?? '').slice(base.length);
    if (!['/chat/completions', '/completions', '/embeddings'].includes(route) || req.method !== 'POST') {
      entry.outcome = '404';
      res.writeHead(404).end('not found');
      return;
    }
    const fault = options.fault?.(index++, body) ?? 'ok';
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (typeof fault === 'object') {
        entry.outcome = String(fault.status);
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if ('retryAfter' in fault && fault.retryAfter !== undefined)
          headers['retry-after'] = fault.retryAfter;
        if ('retryAfterMs' in fault && fault.retryAfterMs !== undefined)
          headers['retry-after-ms'] = String(fault.retryAfterMs);
        res
          .writeHead(fault.status, headers)
          .end(JSON.stringify({ error: { message: `injected ${fault.status}` } }));
        return;
      }
      if (fault === 'drop') {
        entry.outcome = 'drop';
        req.socket.destroy();
        return;
      }
      if (fault === 'hang') {
        entry.outcome = 'hang';
        return; // never answers; the client's timeout must fire
      }
      const latency =
        typeof options.latencyMs === 'function' ? options.latencyMs(body) : (options.latencyMs ?? 0);
      if (latency > 0) await sleep(latency);
      if (route === '/embeddings') {
        const t = String(body.input ?? '');
        const vec = Array.from({ length: 8 }, (_, i) =>
          [...t].filter((_, j) => j % 8 === i).reduce((s, ch) => s + ch.charCodeAt(0), 0),
        );
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: [{ embedding: vec }], usage: { prompt_tokens: 1, total_tokens: 1 } }));
        return;
      }
      const answer = options.respond?.(body) ?? { content: `echo: ${lastUser(body)}` };
      const words = answer.content.split(/\s+/).filter(Boolean).length;
      const usage =
        answer.usage === null
          ? undefined
          : (answer.usage ?? {
              prompt_tokens: lastUser(body).split(/\s+/).length,
              completion_tokens: words,
              total_tokens: lastUser(body).split(/\s+/).length + words,
            });
      const chat = route === '/chat/completions';
      if (body.stream === true) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const pieces = answer.content.match(/\S+\s*|\s+/g) ?? [''];
        res.write(': ping\n\n');
        for (const [i, p] of pieces.entries()) {
          const choice = chat ? { index: 0, delta: { content: p } } : { index: 0, text: p };
          res.write(`data: ${JSON.stringify({ choices: [choice] })}\n\n`);
          if (fault === 'drop-mid-stream' && i === 0) {
            entry.outcome = 'drop-mid-stream';
            req.socket.destroy();
            return;
          }
          if (options.chunkDelayMs) await sleep(options.chunkDelayMs);
        }
        res.write(
          `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
        );
        const so = body.stream_options as { include_usage?: boolean } | undefined;
        if (usage && so?.include_usage) res.write(`data: ${JSON.stringify({ choices: [], usage })}\n\n`);
        res.end('data: [DONE]\n\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      const choice = chat
        ? { index: 0, message: { role: 'assistant', content: answer.content }, finish_reason: 'stop' }
        : { index: 0, text: answer.content, finish_reason: 'stop' };
      res.end(JSON.stringify({ id: `cmpl-${index}`, choices: [choice], ...(usage ? { usage } : {}) }));
    } finally {
      inFlight--;
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    inFlight: () => inFlight,
    maxInFlight: () => maxInFlight,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
