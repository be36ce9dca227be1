import { z } from 'zod';
import { nonNegativeInt, positiveInt } from './primitives.js';

/** Config pieces of remote model endpoints and LLM suites (docs/llm.md), spliced into schema.ts. */

export const ENDPOINT_APIS = ['openai', 'http'] as const;
export const ENDPOINT_PROFILES = ['openai', 'vllm', 'tgi', 'ollama', 'llamacpp', 'glm'] as const;
export type EndpointProfile = (typeof ENDPOINT_PROFILES)[number];

const nonNegative = z.number({ error: 'expected a non-negative number' }).nonnegative();

/** Keys of a model entry that only an `endpoint:` model takes. */
export const EndpointFields = {
  api: z
    .enum(ENDPOINT_APIS, { error: `expected one of ${ENDPOINT_APIS.join(', ')}` })
    .optional()
    .describe(
      '`openai`: /chat/completions, /completions, /embeddings; `http`: a JSON body template and a response pointer.',
    ),
  profile: z
    .enum(ENDPOINT_PROFILES, { error: `expected one of ${ENDPOINT_PROFILES.join(', ')}` })
    .optional()
    .describe('Server quirks: base path, streamed usage, seed, temperature clamping, dummy keys, /metrics.'),
  api_key_env: z
    .string({ error: 'expected an environment variable name' })
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an environment variable name like GLM_API_KEY' })
    .optional()
    .describe(
      'Name of the environment variable holding the API key (a literal key in the config is an error).',
    ),
  concurrency: positiveInt.optional().describe('Requests in flight at once to this model (default 8).'),
  timeout_ms: positiveInt.optional().describe('Per-request timeout (default 60000).'),
  retries: nonNegativeInt
    .optional()
    .describe('Retries after a 429, 5xx, timeout or dropped connection (default 3).'),
  params: z
    .record(z.string(), z.unknown(), { error: 'expected a map of request parameters' })
    .optional()
    .describe('Request parameters sent with every case: temperature, max_tokens, seed, top_p, model, ...'),
  request: z
    .unknown()
    .optional()
    .describe('`api: http`: the JSON body; strings may use {{prompt}} and {{vars.NAME}}.'),
  response: z
    .string({ error: 'expected a JSON pointer like /output/text' })
    .optional()
    .describe(
      '`api: http`: JSON pointer (RFC 6901) of the output text in the response, e.g. /choices/0/text.',
    ),
  price: z
    .strictObject(
      {
        input: nonNegative.default(0).describe('USD per million prompt tokens.'),
        output: nonNegative.default(0).describe('USD per million completion tokens.'),
      },
      {
        error: 'expected {input, output} in USD per million tokens',
      },
    )
    .optional()
    .describe('Prices in USD per million tokens, for the cost metric and `cost` assertions.'),
};

/** Keys of a suite that only an LLM suite (`cases:`) takes. */
export const LlmSuiteFields = {
  cases: z
    .string({ error: 'expected a cases file' })
    .min(1)
    .optional()
    .describe('Test cases: promptfoo test file (YAML, JSON, JSONL or CSV) or a promptfoo config with tests.'),
  prompts: z
    .array(z.string({ error: 'expected a prompt template' }).min(1))
    .optional()
    .describe("Prompt templates with {{var}}; default: the cases file's `prompts`, else {{prompt}}."),
  repeat: positiveInt.optional().describe('Ask each case N times (models that stay non-deterministic).'),
  repeat_threshold: z
    .number({ error: 'expected a number in (0, 1]' })
    .gt(0)
    .lte(1)
    .optional()
    .describe('With repeat: the share of repeats that must pass for the case to pass (default 1).'),
  replay: z
    .string({ error: 'expected a cassette folder' })
    .min(1)
    .optional()
    .describe('Evaluate from the cassettes in this folder (relative to the config): no network, no key.'),
  embedding_model: z
    .string({ error: 'expected a model name' })
    .min(1)
    .optional()
    .describe(
      'Embedding model (by name) for `similar` assertions: an endpoint with `adapter: embedding`, or an ONNX model with `adapter: embedding` and a `tokenizer`. Default: the first embedding model the suite selects, else a character n-gram fallback (labelled as such).',
    ),
};

/** Gate metrics of LLM suites (besides latency.*, which apply to endpoint models too). */
export const LLM_GATE_METRICS = ['pass_rate', 'errors', 'ttft.p95_ms', 'cost_usd', 'tokens_per_s'] as const;
