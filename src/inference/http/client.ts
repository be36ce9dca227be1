import { UsageError } from '../../errors.js';
import { CircuitBreaker, CircuitOpenError } from './breaker.js';
import type { ResponseCache } from './cache.js';
import { Cassette } from './cassette.js';
import { httpRequest, readHttpJson } from './http.js';
import { Limiter } from './limiter.js';
import { openaiRequest, readOpenaiJson, sendOnce } from './openai.js';
import { DEFAULT_PARAMS, PROFILES } from './profiles.js';
import { backoffMs, HttpError, sleep } from './retry.js';
import { scrapeMemoryMiB } from './server-metrics.js';
import type { EndpointSpec, LlmAnswer, LlmCall, SourcedAnswer, WireRequest } from './types.js';

export class ReplayMissError extends Error {
  override name = 'ReplayMissError';
}

export interface ClientOptions {
  env: NodeJS.ProcessEnv;
  cache?: ResponseCache;
  /** record: answers are also written to the cassette; replay: answers come only from it. */
  cassette?: { mode: 'record' | 'replay'; cassette: Cassette };
  /** Consecutive failed cases that open the circuit (default 5). */
  breakerThreshold?: number;
  random?: () => number;
  /** First backoff step without a Retry-After hint (default 200 ms). */
  backoffBaseMs?: number;
}

/** Counters for the report: how the answers were obtained. */
export interface ClientStats {
  requests: number;
  retries: number;
  throttled: number;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Ollama reports prompt_tokens 0 when it reused its prompt cache: unknown, not free. */
function ollamaUsage(answer: LlmAnswer): LlmAnswer {
  const u = answer.usage;
  if (u?.promptTokens !== 0) return answer;
  return { ...answer, usage: { ...u, promptTokens: null, totalTokens: null } };
}

/**
 * One endpoint model behind a concurrency limit, per-request timeout, jittered retries that
 * honour Retry-After, a circuit breaker, the response cache and cassettes. Auth headers are
 * built here and never leave: not in answers, cache entries, cassettes or results.
 */
export class EndpointClient {
  readonly limiter: Limiter;
  readonly breaker: CircuitBreaker;
  readonly stats: ClientStats = { requests: 0, retries: 0, throttled: 0 };
  private readonly headers: Record<string, string> = {};
  private readonly secret: string | undefined;
  readonly spec: EndpointSpec;

  constructor(
    spec: EndpointSpec,
    private readonly options: ClientOptions,
  ) {
    this.spec = { ...spec, params: { ...DEFAULT_PARAMS, ...spec.params } };
    this.limiter = new Limiter(spec.concurrency);
    this.breaker = new CircuitBreaker(options.breakerThreshold ?? 5);
    const replaying = options.cassette?.mode === 'replay';
    if (spec.apiKeyEnv && !replaying) {
      const key = options.env[spec.apiKeyEnv];
      if (!key) {
        throw new UsageError(
          `model "${spec.name}": api_key_env names ${spec.apiKeyEnv}, but that environment variable is not set`,
          'set it from a CI secret, or evaluate from a cassette with --replay DIR (fork PRs have no secrets)',
        );
      }
      this.secret = key;
      this.headers.authorization = `Bearer ${key}`;
    } else if (PROFILES[spec.profile].dummyKey && !replaying) {
      this.headers.authorization = `Bearer ${PROFILES[spec.profile].dummyKey}`;
    }
  }

  /** The wire request of a call: what cache and cassette keys and the server see. */
  request(call: LlmCall): WireRequest {
    return this.spec.api === 'http' ? httpRequest(this.spec, call) : openaiRequest(this.spec, call);
  }

  async ask(call: LlmCall): Promise<SourcedAnswer> {
    const req = this.request(call);
    const tape = this.options.cassette;
    const tapeKey = Cassette.key(req, call.repeat);
    if (tape?.mode === 'replay') {
      const answer = tape.cassette.get(tapeKey);
      if (!answer) {
        throw new ReplayMissError(
          `replay: case "${call.caseId}"${call.repeat ? ` (repeat ${call.repeat + 1})` : ''} of model "${this.spec.name}" is not in the cassette ${tape.cassette.file}: the case, prompt or parameters changed since it was recorded`,
        );
      }
      return { ...answer, source: 'replay', attempts: 0, throttled: 0 };
    }
    const cache = this.options.cache;
    const cacheKey = cache?.key(this.spec.endpoint, req, call.repeat);
    const cached = cache && cacheKey ? await cache.get(cacheKey) : undefined;
    if (cached) {
      if (tape) tape.cassette.put(tapeKey, call.caseId, call.repeat, req, cached);
      return { ...cached, source: 'cache', attempts: 0, throttled: 0 };
    }
    const { answer, attempts, throttled } = await this.network(req);
    const clean = this.redact(this.spec.profile === 'ollama' ? ollamaUsage(answer) : answer);
    if (cache && cacheKey) await cache.put(cacheKey, clean);
    if (tape) tape.cassette.put(tapeKey, call.caseId, call.repeat, req, clean);
    return { ...clean, source: 'network', attempts, throttled };
  }

  private async network(
    req: WireRequest,
  ): Promise<{ answer: LlmAnswer; attempts: number; throttled: number }> {
    if (this.breaker.open) throw new CircuitOpenError(this.openMessage());
    const read = this.spec.api === 'http' ? readHttpJson(this.spec.response ?? '') : readOpenaiJson;
    let throttled = 0;
    for (let attempt = 0; ; attempt++) {
      let error: HttpError;
      // The slot is held only while a request is in flight, not while backing off.
      await this.limiter.acquire(attempt > 0);
      try {
        if (this.breaker.open) throw new CircuitOpenError(this.openMessage());
        this.stats.requests++;
        const answer = await sendOnce(req, this.headers, this.spec.timeoutMs, read);
        this.breaker.success();
        return {
          answer: {
            ...answer,
            latencyMs: round(answer.latencyMs),
            ...(answer.ttftMs !== undefined ? { ttftMs: round(answer.ttftMs) } : {}),
          },
          attempts: attempt + 1,
          throttled,
        };
      } catch (e) {
        if (!(e instanceof HttpError)) throw e;
        error = e;
      } finally {
        this.limiter.release();
      }
      if (error.status === 429 || error.status === 503) {
        throttled++;
        this.stats.throttled++;
      }
      if (!error.retryable || attempt >= this.spec.retries) {
        this.breaker.failure(error.message);
        const tries = attempt + 1;
        throw new HttpError(
          `${error.message}${tries > 1 ? ` (after ${tries} attempts)` : ''}`,
          error.status,
          false,
        );
      }
      this.stats.retries++;
      await sleep(
        backoffMs(attempt, error.retryAfterMs, {
          ...(this.options.random ? { random: this.options.random } : {}),
          ...(this.options.backoffBaseMs !== undefined ? { baseMs: this.options.backoffBaseMs } : {}),
        }),
      );
    }
  }

  private openMessage(): string {
    return `not sent: the circuit breaker opened after ${this.breaker.threshold} consecutive failures of model "${this.spec.name}" (last: ${this.breaker.reason})`;
  }

  private redact(answer: LlmAnswer): LlmAnswer {
    const s = this.secret;
    if (!s) return answer;
    const strip = (t: string | undefined) => (t === undefined ? t : t.split(s).join('[redacted]'));
    return {
      ...answer,
      output: strip(answer.output) as string,
      ...(answer.reasoning ? { reasoning: strip(answer.reasoning) } : {}),
    };
  }

  /** Server memory where the profile's server reports it (vLLM, TGI /metrics), else undefined. */
  async serverMemoryMiB(): Promise<number | undefined> {
    const tape = this.options.cassette;
    if (tape?.mode === 'replay') return tape.cassette.server.memoryMiB;
    if (!PROFILES[this.spec.profile].metrics) return undefined;
    const mib = await scrapeMemoryMiB(this.spec.endpoint, this.headers);
    if (tape && mib !== undefined) tape.cassette.server.memoryMiB = Math.round(mib * 10) / 10;
    return mib;
  }
}
