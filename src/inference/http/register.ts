import type { EndpointProfile } from '../../config/llm.js';
import { ENDPOINT_PROFILES } from '../../config/llm.js';
import { UsageError } from '../../errors.js';
import { ENDPOINT_KINDS, type EndpointKind, type EndpointSpec } from './types.js';

/** What `registry.register(name, { endpoint, ... })` takes besides the common options. */
export interface EndpointOptions {
  endpoint: string;
  adapter?: string | { type: string };
  api?: 'openai' | 'http';
  profile?: EndpointProfile;
  apiKeyEnv?: string;
  concurrency?: number;
  timeoutMs?: number;
  retries?: number;
  params?: Record<string, unknown>;
  request?: unknown;
  response?: string;
  price?: { input: number; output: number };
}

const positive = (name: string, what: string, v: number | undefined, fallback: number, min = 1): number => {
  const n = v ?? fallback;
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`model "${name}": ${what}: expected an integer >= ${min}, got ${n}`);
  return n;
};

/** Defaults and checks of an endpoint model (concurrency 8, timeout 60 s, 3 retries, chat). */
export function endpointSpec(name: string, o: EndpointOptions): EndpointSpec {
  const adapter = typeof o.adapter === 'string' ? o.adapter : o.adapter?.type;
  // `tensor` is the config schema's default adapter, meaningless for a server: read it as chat.
  const kind = (adapter === undefined || adapter === 'tensor' ? 'chat' : adapter) as EndpointKind;
  if (!ENDPOINT_KINDS.includes(kind)) {
    throw new UsageError(
      `model "${name}": adapter: an endpoint model is ${ENDPOINT_KINDS.join(', ')}, got "${adapter}"`,
    );
  }
  const profile = o.profile ?? 'openai';
  if (!ENDPOINT_PROFILES.includes(profile)) {
    throw new UsageError(
      `model "${name}": profile: expected one of ${ENDPOINT_PROFILES.join(', ')}, got "${profile}"`,
    );
  }
  let url: URL;
  try {
    url = new URL(o.endpoint);
  } catch {
    throw new UsageError(
      `model "${name}": endpoint: expected a URL like http://host:8000, got ${JSON.stringify(o.endpoint)}`,
    );
  }
  if (url.username || url.password)
    throw new UsageError(
      `model "${name}": endpoint: credentials in the URL are not allowed; use api_key_env`,
    );
  const api = o.api ?? 'openai';
  if (api === 'http' && (o.request === undefined || o.response === undefined)) {
    throw new UsageError(
      `model "${name}": api: http needs request (a body template) and response (a JSON pointer)`,
    );
  }
  return {
    name,
    endpoint: o.endpoint,
    api,
    profile,
    kind,
    ...(o.apiKeyEnv ? { apiKeyEnv: o.apiKeyEnv } : {}),
    concurrency: positive(name, 'concurrency', o.concurrency, 8),
    timeoutMs: positive(name, 'timeout_ms', o.timeoutMs, 60_000),
    retries: positive(name, 'retries', o.retries, 3, 0),
    params: { ...(o.params ?? {}) },
    ...(o.request !== undefined ? { request: o.request } : {}),
    ...(o.response !== undefined ? { response: o.response } : {}),
    ...(o.price ? { price: o.price } : {}),
  };
}
