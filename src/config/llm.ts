import { z } from 'zod';

/** Config pieces of remote model endpoints and LLM suites (docs/llm.md), spliced into schema.ts. */

export const ENDPOINT_APIS = ['openai', 'http'] as const;
export const ENDPOINT_PROFILES = ['openai', 'vllm', 'tgi', 'ollama', 'llamacpp', 'glm'] as const;
export type EndpointProfile = (typeof ENDPOINT_PROFILES)[number];

const positiveInt = z
  .number({ error: 'expected a positive integer' })
  .int({ error: 'expected a positive integer' })
  .positive({ error: 'expected a positive integer' });
const nonNegativeInt = z
  .number({ error: 'expected a non-negative integer' })
  .int({ error: 'expected a non-negative integer' })
  .nonnegative({ error: 'expected a non-negative integer' });
const nonNegative = z.number({ error: 'expected a non-negative number' }).nonnegative();

/** Keys of a model entry that only an `endpoint:` model takes. */
export const EndpointFields = {
  /** `openai`: /chat/completions, /completions, /embeddings; `http`: a JSON body template and a response pointer. */
  api: z.enum(ENDPOINT_APIS, { error: `expected one of ${ENDPOINT_APIS.join(', ')}` }).optional(),
  /** Server quirks: base path, streamed usage, seed, temperature clamping, dummy keys, /metrics. */
  profile: z.enum(ENDPOINT_PROFILES, { error: `expected one of ${ENDPOINT_PROFILES.join(', ')}` }).optional(),
  /** Name of the environment variable holding the API key (a literal key in the config is an error). */
  api_key_env: z
    .string({ error: 'expected an environment variable name' })
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an environment variable name like GLM_API_KEY' })
    .optional(),
  /** Requests in flight at once to this model (default 8). */
  concurrency: positiveInt.optional(),
  /** Per-request timeout (default 60000). */
  timeout_ms: positiveInt.optional(),
  /** Retries after a 429, 5xx, timeout or dropped connection (default 3). */
  retries: nonNegativeInt.optional(),
  /** Request parameters sent with every case: temperature, max_tokens, seed, top_p, model, ... */
  params: z.record(z.string(), z.unknown(), { error: 'expected a map of request parameters' }).optional(),
  /** `api: http`: the JSON body; strings may use {{prompt}} and {{vars.NAME}}. */
  request: z.unknown().optional(),
  /** `api: http`: JSON pointer (RFC 6901) of the output text in the response, e.g. /choices/0/text. */
  response: z.string({ error: 'expected a JSON pointer like /output/text' }).optional(),
  /** Prices in USD per million tokens, for the cost metric and `cost` assertions. */
  price: z
    .strictObject(
      { input: nonNegative.default(0), output: nonNegative.default(0) },
      {
        error: 'expected {input, output} in USD per million tokens',
      },
    )
    .optional(),
};

/** Keys of a suite that only an LLM suite (`cases:`) takes. */
export const LlmSuiteFields = {
  /** Test cases: promptfoo test file (YAML, JSON, JSONL or CSV) or a promptfoo config with tests. */
  cases: z.string({ error: 'expected a cases file' }).min(1).optional(),
  /** Prompt templates with {{var}}; default: the cases file's `prompts`, else {{prompt}}. */
  prompts: z.array(z.string({ error: 'expected a prompt template' }).min(1)).optional(),
  /** Ask each case N times (models that stay non-deterministic). */
  repeat: positiveInt.optional(),
  /** With repeat: the share of repeats that must pass for the case to pass (default 1). */
  repeat_threshold: z.number({ error: 'expected a number in (0, 1]' }).gt(0).lte(1).optional(),
  /** Evaluate from the cassettes in this folder (relative to the config): no network, no key. */
  replay: z.string({ error: 'expected a cassette folder' }).min(1).optional(),
  /** Embedding model (by name) for `similar` assertions; default: a character n-gram fallback. */
  embedding_model: z.string({ error: 'expected a model name' }).min(1).optional(),
};

/** Gate metrics of LLM suites (besides latency.*, which apply to endpoint models too). */
export const LLM_GATE_METRICS = ['pass_rate', 'errors', 'ttft.p95_ms', 'cost_usd', 'tokens_per_s'] as const;
