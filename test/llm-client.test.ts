import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ResponseCache } from '../src/inference/http/cache.js';
import { Cassette } from '../src/inference/http/cassette.js';
import { EndpointClient } from '../src/inference/http/client.js';
import { Limiter } from '../src/inference/http/limiter.js';
import { type EndpointOptions, endpointSpec } from '../src/inference/http/register.js';
import { backoffMs, retryAfterMs } from '../src/inference/http/retry.js';
import { residentMemoryMiB } from '../src/inference/http/server-metrics.js';
import type { LlmCall } from '../src/inference/http/types.js';
import { type FakeOptions, type FakeServer, startFakeOpenAI } from './fake-openai-server.js';
import { tempDir, usageError } from './helpers.js';

const servers: FakeServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
async function fake(options: FakeOptions = {}): Promise<FakeServer> {
  const s = await startFakeOpenAI(options);
  servers.push(s);
  return s;
}
const call = (prompt: string, repeat = 0): LlmCall => ({
  prompt,
  messages: [{ role: 'user', content: prompt }],
  vars: {},
  repeat,
  caseId: prompt,
});
function client(
  url: string,
  o: Partial<EndpointOptions> = {},
  extra: Partial<ConstructorParameters<typeof EndpointClient>[1]> = {},
) {
  return new EndpointClient(endpointSpec('m', { endpoint: url, retries: 3, ...o }), {
    env: {},
    random: () => 0,
    backoffBaseMs: 10,
    ...extra,
  });
}

describe('OpenAI-compatible client against the loopback server', () => {
  it('streams a chat answer: output, time to first token and streamed usage (vLLM stream_options)', async () => {
    const s = await fake({ respond: () => ({ content: 'Bonjour le monde' }) });
    const c = client(
      s.url,
      { profile: 'vllm', apiKeyEnv: 'GLM_KEY' },
      { env: { GLM_KEY: 'sk-secret-key-123456' } },
    );
    const a = await c.ask(call('Hello world'));
    expect(a.output).toBe('Bonjour le monde');
    expect(a.ttftMs).toBeDefined();
    expect(a.ttftMs as number).toBeLessThanOrEqual(a.latencyMs);
    expect(a.usage).toEqual({ promptTokens: 2, completionTokens: 3, totalTokens: 5 });
    const req = s.log[0];
    expect(req?.url).toBe('/v1/chat/completions');
    expect(req?.headers.authorization).toBe('Bearer sk-secret-key-123456');
    expect(req?.body).toMatchObject({
      model: 'm',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
      seed: 1,
    });
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const s = await fake({ latencyMs: 20 });
    const c = client(s.url, { concurrency: 3 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => c.ask(call(`q${i}`))));
    expect(s.log).toHaveLength(20);
    expect(s.maxInFlight()).toBe(3);
  });

  it('retries 429 (Retry-After), 500, dropped connections, broken streams and timeouts, answering once', async () => {
    const plan = [
      { status: 429 as const, retryAfter: '0' },
      { status: 500 as const },
      'drop' as const,
      'drop-mid-stream' as const,
      'hang' as const,
    ];
    const s = await fake({ fault: (i) => plan[i] ?? 'ok' });
    const c = client(s.url, { retries: 5, timeoutMs: 300 });
    const a = await c.ask(call('persist'));
    expect(a.output).toBe('echo: persist');
    expect(a.attempts).toBe(6);
    expect(a.throttled).toBe(1);
    expect(s.log.map((r) => r.outcome)).toEqual(['429', '500', 'drop', 'drop-mid-stream', 'hang', 'ok']);
  });

  it('does not retry a 400 and names the status', async () => {
    const s = await fake({ fault: () => ({ status: 400 }) });
    await expect(client(s.url).ask(call('bad'))).rejects.toThrow(
      /HTTP 400 from \/chat\/completions: .*injected 400/,
    );
    expect(s.log).toHaveLength(1);
  });

  it('opens the circuit after N consecutive failures and stops sending', async () => {
    const s = await fake({ fault: () => ({ status: 500 }) });
    const c = client(s.url, { retries: 0, concurrency: 1 }, { breakerThreshold: 3 });
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => c.ask(call(`q${i}`))));
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    expect(s.log).toHaveLength(3);
    expect(c.breaker.open).toBe(true);
    const last = outcomes[9] as PromiseRejectedResult;
    expect(String(last.reason)).toMatch(
      /circuit breaker opened after 3 consecutive failures of model "m" \(last: HTTP 500/,
    );
  });

  it('applies the server profiles: GLM path and temperature, llama.cpp prompt cache, TGI usage, Ollama key', async () => {
    const glm = await fake({ basePath: '' });
    await client(`${glm.url}/api/paas/v4`.replace('/api/paas/v4', ''), { profile: 'glm' }).ask(call('x'));
    expect(glm.log[0]?.url).toBe('/chat/completions');
    expect(glm.log[0]?.body).toMatchObject({ do_sample: false, temperature: 0.01, top_p: 0.99 });
    expect(glm.log[0]?.body).not.toHaveProperty('stream_options');

    const s = await fake({ respond: () => ({ content: 'ok', usage: null }) });
    await client(s.url, { profile: 'llamacpp' }).ask(call('a'));
    expect(s.log[0]?.body).toMatchObject({ cache_prompt: false, seed: 1 });
    const tgi = await client(s.url, { profile: 'tgi' }).ask(call('b'));
    expect(s.log[1]?.body).not.toHaveProperty('stream_options');
    expect(tgi.usage).toBeUndefined();
    await client(s.url, { profile: 'ollama' }).ask(call('c'));
    expect(s.log[2]?.headers.authorization).toBe('Bearer ollama');
    const cached = await fake({
      respond: () => ({ content: 'ok', usage: { prompt_tokens: 0, completion_tokens: 1, total_tokens: 1 } }),
    });
    // Ollama's prompt cache makes prompt_tokens 0: unknown, not free.
    expect((await client(cached.url, { profile: 'ollama' }).ask(call('e'))).usage).toEqual({
      promptTokens: null,
      completionTokens: 1,
      totalTokens: null,
    });
    await client(`${s.url}/v1`, {}).ask(call('d'));
    expect(s.log[3]?.url).toBe('/v1/chat/completions');
  });

  it('speaks generic HTTP JSON: a body template and a response pointer', async () => {
    const s = await fake({
      respond: (b) => ({
        content: `got ${String((b.messages as unknown[] | undefined)?.length ?? b.prompt)}`,
      }),
    });
    const c = client(`${s.url}/v1/completions`, {
      api: 'http',
      request: { prompt: 'Q: {{prompt}}', max_tokens: '{{params.max_tokens}}', stream: false },
      response: '/choices/0/text',
      params: { max_tokens: 7 },
    });
    const a = await c.ask(call('hi'));
    expect(a.output).toBe('got Q: hi');
    expect(s.log[0]?.body).toEqual({ prompt: 'Q: hi', max_tokens: 7, stream: false });
  });

  it('caches answers (no second request) and records cassettes, never with the key', async () => {
    const s = await fake();
    const dir = tempDir();
    const cache = new ResponseCache(path.join(dir, 'cache'));
    const cassette = Cassette.empty(path.join(dir, 'tapes'), 'm');
    const env = { K: 'sk-live-abcdefghijklmnop' };
    const c = client(s.url, { apiKeyEnv: 'K' }, { env, cache, cassette: { mode: 'record', cassette } });
    expect((await c.ask(call('one'))).source).toBe('network');
    expect((await c.ask(call('one'))).source).toBe('cache');
    expect((await c.ask(call('one', 1))).source).toBe('network');
    expect(s.log).toHaveLength(2);
    expect([cache.hits, cache.misses]).toEqual([1, 2]);
    await cassette.save();
    const files = [
      cassette.file,
      ...readdirSync(path.join(dir, 'cache'), { recursive: true, withFileTypes: true })
        .filter((f) => f.isFile())
        .map((f) => path.join(f.parentPath, f.name)),
    ];
    for (const f of files) expect(readFileSync(f, 'utf8')).not.toContain('sk-live');
    // Replay needs neither the server nor the key.
    await s.close();
    servers.splice(0);
    const tape = await Cassette.load(path.join(dir, 'tapes'), 'm', (f) => f);
    const r = client(
      'http://nowhere.invalid:1',
      { apiKeyEnv: 'K' },
      { cassette: { mode: 'replay', cassette: tape } },
    );
    expect((await r.ask(call('one'))).output).toBe('echo: one');
    await expect(r.ask(call('two'))).rejects.toThrow(
      /replay: case "two" of model "m" is not in the cassette/,
    );
  });

  it('needs the key variable unless replaying', () => {
    const e = usageError(() => client('http://h:1', { apiKeyEnv: 'MISSING_KEY' }));
    expect(e.message).toMatch(/api_key_env names MISSING_KEY, but that environment variable is not set/);
  });
});

describe('retry and metrics helpers', () => {
  it('lets a retry go ahead of queued new requests', async () => {
    const l = new Limiter(1);
    const order: string[] = [];
    await l.acquire();
    const wait = (name: string, first: boolean) =>
      l.acquire(first).then(() => {
        order.push(name);
        l.release();
      });
    const all = Promise.all([wait('a', false), wait('b', false), wait('retry', true)]);
    l.release();
    await all;
    expect(order).toEqual(['retry', 'a', 'b']);
  });

  it('reads retry-after-ms, Retry-After seconds and dates', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '40' }))).toBe(40);
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({}))).toBeUndefined();
  });

  it('waits at least what the server asked, with bounded jitter; backs off exponentially otherwise', () => {
    expect(backoffMs(0, 1000, { random: () => 0 })).toBe(1000);
    expect(backoffMs(0, 1000, { random: () => 1 })).toBe(1100);
    expect(backoffMs(3, undefined, { baseMs: 100, random: () => 1 })).toBe(800);
    expect(backoffMs(3, undefined, { baseMs: 100, random: () => 0 })).toBe(400);
  });

  it('reads server memory from a Prometheus exposition, or nothing', () => {
    expect(residentMemoryMiB('# HELP x\nprocess_resident_memory_bytes 1.048576e+08\n')).toBeCloseTo(100);
    expect(residentMemoryMiB('tgi_request_count 3\n')).toBeUndefined();
  });
});
