import { PROFILES, routeUrl } from './profiles.js';
import { HttpError, isRetryableStatus, retryAfterMs } from './retry.js';
import { sseData } from './sse.js';
import type { EndpointSpec, LlmAnswer, LlmCall, Usage, WireRequest } from './types.js';

const ROUTES = { chat: '/chat/completions', completion: '/completions', embedding: '/embeddings' } as const;

/** The request body for an OpenAI-compatible server, with the profile's adjustments. */
export function openaiRequest(spec: EndpointSpec, call: LlmCall): WireRequest {
  const profile = PROFILES[spec.profile];
  const { model, stream: wantStream, ...params } = spec.params;
  const route = ROUTES[spec.kind];
  const modelName = typeof model === 'string' ? model : spec.name;
  if (spec.kind === 'embedding') {
    return {
      url: routeUrl(spec.endpoint, profile, route),
      route,
      body: { model: modelName, input: call.prompt },
      stream: false,
    };
  }
  if (!profile.seed) delete params.seed;
  const stream = wantStream !== false;
  const body: Record<string, unknown> = {
    model: modelName,
    ...(spec.kind === 'chat' ? { messages: call.messages } : { prompt: call.prompt }),
    ...params,
    stream,
    // stream_options only with stream: true; some servers reject it otherwise.
    ...(stream && profile.streamOptions ? { stream_options: { include_usage: true } } : {}),
  };
  return { url: routeUrl(spec.endpoint, profile, route), route, body: profile.adjust(body), stream };
}

function readUsage(u: unknown): Usage | undefined {
  if (!u || typeof u !== 'object') return undefined;
  const o = u as Record<string, unknown>;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const usage = {
    promptTokens: n(o.prompt_tokens),
    completionTokens: n(o.completion_tokens),
    totalTokens: n(o.total_tokens),
  };
  if (usage.totalTokens === null && usage.promptTokens !== null && usage.completionTokens !== null)
    usage.totalTokens = usage.promptTokens + usage.completionTokens;
  return usage;
}

/** Send one attempt and read the answer; failures are HttpErrors the retry loop classifies. */
export async function sendOnce(
  req: WireRequest,
  headers: Record<string, string>,
  timeoutMs: number,
  read: (
    json: unknown,
  ) => Pick<LlmAnswer, 'output' | 'usage' | 'embedding' | 'finishReason' | 'reasoning' | 'systemFingerprint'>,
): Promise<LlmAnswer> {
  const signal = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: req.stream ? 'text/event-stream' : 'application/json',
        ...headers,
      },
      body: JSON.stringify(req.body),
      signal,
    });
  } catch (e) {
    throw networkError(e, timeoutMs);
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    throw new HttpError(
      `HTTP ${res.status} from ${req.route}${text ? `: ${text.slice(0, 200).replace(/\s+/g, ' ')}` : ''}`,
      res.status,
      isRetryableStatus(res.status),
      retryAfterMs(res.headers),
    );
  }
  try {
    const type = res.headers.get('content-type') ?? '';
    if (req.stream && res.body && type.includes('text/event-stream'))
      return await readStream(res.body, started);
    const json: unknown = await res.json();
    return { ...read(json), latencyMs: performance.now() - started };
  } catch (e) {
    if (e instanceof HttpError) throw e;
    throw networkError(e, timeoutMs);
  }
}

function networkError(e: unknown, timeoutMs: number): HttpError {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError')
    return new HttpError(`no answer within timeout_ms ${timeoutMs}`, undefined, true);
  if (err instanceof SyntaxError)
    return new HttpError(`the server sent invalid JSON: ${err.message}`, undefined, false);
  const cause = err.cause?.code ?? err.cause?.message;
  return new HttpError(`connection failed: ${err.message}${cause ? ` (${cause})` : ''}`, undefined, true);
}

/** Chat and completion deltas; usage may come on any chunk or on a final usage-only chunk. */
async function readStream(body: ReadableStream<Uint8Array>, started: number): Promise<LlmAnswer> {
  let output = '';
  let reasoning = '';
  let ttftMs: number | undefined;
  let usage: Usage | undefined;
  let finishReason: string | undefined;
  let systemFingerprint: string | undefined;
  for await (const data of sseData(body)) {
    let chunk: Record<string, unknown>;
    try {
      chunk = JSON.parse(data) as Record<string, unknown>;
    } catch {
      throw new HttpError(
        `the server sent a stream event that is not JSON: ${data.slice(0, 80)}`,
        undefined,
        false,
      );
    }
    if (chunk.error)
      throw new HttpError(
        `the server failed mid-stream: ${JSON.stringify(chunk.error).slice(0, 200)}`,
        undefined,
        true,
      );
    usage = readUsage(chunk.usage) ?? usage;
    if (typeof chunk.system_fingerprint === 'string') systemFingerprint = chunk.system_fingerprint;
    const choice = (chunk.choices as Array<Record<string, unknown>> | undefined)?.[0];
    if (!choice) continue;
    const delta = (choice.delta ?? {}) as Record<string, unknown>;
    const piece =
      typeof delta.content === 'string' ? delta.content : typeof choice.text === 'string' ? choice.text : '';
    const think = delta.reasoning_content ?? delta.reasoning;
    if (typeof think === 'string') reasoning += think;
    if (piece) {
      ttftMs ??= performance.now() - started;
      output += piece;
    }
    if (typeof choice.finish_reason === 'string') finishReason = choice.finish_reason;
  }
  return {
    output,
    latencyMs: performance.now() - started,
    ...(ttftMs !== undefined ? { ttftMs } : {}),
    ...(usage ? { usage } : {}),
    ...(finishReason ? { finishReason } : {}),
    ...(reasoning ? { reasoning } : {}),
    ...(systemFingerprint ? { systemFingerprint } : {}),
  };
}

/** The non-streamed answer of /chat/completions, /completions or /embeddings. */
export function readOpenaiJson(
  json: unknown,
): Pick<LlmAnswer, 'output' | 'usage' | 'embedding' | 'finishReason' | 'reasoning' | 'systemFingerprint'> {
  const o = (json ?? {}) as Record<string, unknown>;
  const data = (o.data as Array<Record<string, unknown>> | undefined)?.[0];
  if (data && Array.isArray(data.embedding)) {
    const usage = readUsage(o.usage);
    return { output: '', embedding: data.embedding as number[], ...(usage ? { usage } : {}) };
  }
  const choice = (o.choices as Array<Record<string, unknown>> | undefined)?.[0];
  if (!choice)
    throw new HttpError(`the answer has no choices: ${JSON.stringify(json).slice(0, 200)}`, undefined, false);
  const message = (choice.message ?? {}) as Record<string, unknown>;
  const output =
    typeof message.content === 'string'
      ? message.content
      : typeof choice.text === 'string'
        ? choice.text
        : '';
  const think = message.reasoning_content ?? message.reasoning;
  const usage = readUsage(o.usage);
  return {
    output,
    ...(usage ? { usage } : {}),
    ...(typeof choice.finish_reason === 'string' ? { finishReason: choice.finish_reason } : {}),
    ...(typeof think === 'string' && think ? { reasoning: think } : {}),
    ...(typeof o.system_fingerprint === 'string' ? { systemFingerprint: o.system_fingerprint } : {}),
  };
}
