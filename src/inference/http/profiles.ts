import type { EndpointProfile } from '../../config/llm.js';

/**
 * Server quirks of OpenAI-compatible servers (shared/notes/llm-evals.md section 5), in one place:
 * base path, streamed usage, seed support, temperature handling, dummy keys, Prometheus memory.
 */
export interface Profile {
  name: EndpointProfile;
  /** Appended to the base URL before /chat/completions (GLM's API has no /v1). */
  basePath: string;
  /** Send stream_options.include_usage when streaming (vLLM, OpenAI, Ollama, llama.cpp). */
  streamOptions: boolean;
  /** Whether the server honours `seed`. */
  seed: boolean;
  /** Key sent when no api_key_env is set: Ollama's SDK-compatible placeholder. */
  dummyKey?: string;
  /** Prometheus /metrics at the server root reports process memory. */
  metrics: boolean;
  /** What the server guarantees about repeating an answer, stated in the report. */
  determinism: string;
  /** Last adjustments of the body (temperature clamping, prompt cache off). */
  adjust(body: Record<string, unknown>): Record<string, unknown>;
}

const same = (b: Record<string, unknown>) => b;

export const PROFILES: Readonly<Record<EndpointProfile, Profile>> = {
  openai: {
    name: 'openai',
    basePath: '/v1',
    streamOptions: true,
    seed: true,
    metrics: false,
    determinism:
      'temperature 0 + seed: best effort; the same system_fingerprint is needed for repeatable answers',
    adjust: same,
  },
  vllm: {
    name: 'vllm',
    basePath: '/v1',
    streamOptions: true,
    seed: true,
    metrics: true,
    determinism:
      'temperature 0 + per-request seed: repeatable on the same hardware, vLLM version and batch mix only (online serving is not batch-invariant)',
    adjust: same,
  },
  tgi: {
    name: 'tgi',
    basePath: '/v1',
    streamOptions: false,
    seed: true,
    metrics: true,
    determinism:
      'temperature 0 + seed: greedy decoding, repeatable on the same hardware; no usage in streams',
    adjust: same,
  },
  ollama: {
    name: 'ollama',
    basePath: '/v1',
    streamOptions: true,
    seed: true,
    dummyKey: 'ollama',
    metrics: false,
    determinism:
      'temperature 0 + seed: reproducible outputs; num_ctx cannot be set through /v1, so long prompts are cut at the default context',
    adjust: same,
  },
  llamacpp: {
    name: 'llamacpp',
    basePath: '/v1',
    streamOptions: true,
    seed: true,
    metrics: false,
    determinism:
      'temperature 0 + fixed seed (the server default -1 is random); cache_prompt is sent as false, since prompt caching can change answers',
    adjust: (b) => ({ cache_prompt: false, ...b }),
  },
  glm: {
    name: 'glm',
    basePath: '',
    streamOptions: false,
    seed: true,
    metrics: false,
    determinism:
      'greedy decoding (do_sample: false) for temperature 0; GLM clamps temperature and top_p to (0, 1); whether the seed is honoured is not documented',
    adjust: (b) => {
      const out = { ...b };
      const t = typeof out.temperature === 'number' ? out.temperature : undefined;
      // GLM's SDK maps temperature <= 0 to do_sample=false with 0.01, and keeps both in (0, 1).
      if (t !== undefined && t <= 0) {
        out.do_sample = false;
        out.temperature = 0.01;
      } else if (t !== undefined && t >= 1) out.temperature = 0.99;
      if (typeof out.top_p === 'number') out.top_p = Math.min(0.99, Math.max(0.01, out.top_p));
      return out;
    },
  },
};

/** Default request parameters: pinned, so server defaults (vLLM generation_config, llama.cpp 0.8) never decide. */
export const DEFAULT_PARAMS: Readonly<Record<string, unknown>> = { temperature: 0, top_p: 1, seed: 1 };

/** base URL + the profile's base path + route, without doubling a /v1 the user already wrote. */
export function routeUrl(base: string, profile: Profile, route: string): string {
  const trimmed = base.replace(/\/+$/, '');
  const prefix = profile.basePath && !trimmed.endsWith(profile.basePath) ? profile.basePath : '';
  return `${trimmed}${prefix}${route}`;
}
