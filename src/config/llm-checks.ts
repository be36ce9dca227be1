import { UsageError } from '../errors.js';
import { LLM_GATE_METRICS } from './llm.js';
import type { Config } from './schema.js';

type Locate = (p: ReadonlyArray<string | number>, preferKey?: boolean) => string;

/** Keys whose literal string value is a credential, whatever it looks like. */
const SECRET_KEYS =
  /^(api[_-]?key|apikey|access[_-]?token|auth[_-]?token|token|secret|password|authorization|x-api-key|bearer)$/i;
/** Shapes of well-known keys: OpenAI, Anthropic, Hugging Face, GitHub, GitLab, Slack, bearer headers. */
const SECRET_VALUES =
  /^(sk-[A-Za-z0-9_-]{12,}|sk-ant-[A-Za-z0-9_-]{12,}|hf_[A-Za-z0-9]{20,}|gh[pousr]_[A-Za-z0-9]{20,}|glpat-[A-Za-z0-9_-]{16,}|xox[abpr]-[A-Za-z0-9-]{10,}|Bearer\s+\S{8,})$/;

/**
 * A literal key anywhere in the config is an error: configs are committed, results and cassettes
 * are shared, and only `api_key_env` (a variable name) may say where a key comes from.
 */
export function findLiteralSecrets(raw: unknown): Array<ReadonlyArray<string | number>> {
  const found: Array<ReadonlyArray<string | number>> = [];
  const walk = (v: unknown, at: Array<string | number>): void => {
    if (typeof v === 'string') {
      const key = at[at.length - 1];
      const named = typeof key === 'string' && SECRET_KEYS.test(key) && v.trim() !== '';
      if (named || SECRET_VALUES.test(v.trim())) found.push(at);
    } else if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, [...at, i]);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
    }
  };
  walk(raw, []);
  return found;
}

const ENDPOINT_ONLY = [
  'api',
  'profile',
  'api_key_env',
  'concurrency',
  'timeout_ms',
  'retries',
  'params',
  'request',
  'response',
  'price',
] as const;
const LLM_SUITE_ONLY = ['prompts', 'repeat', 'repeat_threshold', 'replay', 'embedding_model'] as const;

/** Cross-field rules of endpoint models and LLM suites, run after the schema accepted the config. */
export function checkLlmConfig(config: Config, raw: unknown, locate: Locate): void {
  const secret = findLiteralSecrets(raw)[0];
  if (secret) {
    const where = secret
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
      .join('')
      .slice(1);
    throw new UsageError(
      `${locate(secret)}: ${where}: this looks like a literal API key or token; keys never go in the config`,
      'put the key in an environment variable (a CI secret) and name it with api_key_env: on the model',
    );
  }
  config.models.forEach((m, i) => {
    if (m.pooling !== undefined && m.tokenizer === undefined) {
      throw new UsageError(
        `${locate(['models', i, 'pooling'], true)}: models[${i}].pooling: only a text model (an ONNX model with a tokenizer) takes pooling`,
      );
    }
    if (m.endpoint !== undefined && m.tokenizer !== undefined) {
      throw new UsageError(
        `${locate(['models', i, 'tokenizer'], true)}: models[${i}].tokenizer: only an ONNX model takes a tokenizer; an endpoint tokenizes on its server`,
      );
    }
    if (m.endpoint === undefined) {
      const stray = ENDPOINT_ONLY.find((k) => m[k] !== undefined);
      if (stray) {
        throw new UsageError(
          `${locate(['models', i, stray], true)}: models[${i}].${stray}: only a model with an endpoint takes ${stray}`,
        );
      }
      return;
    }
    if (!/^https?:\/\//i.test(m.endpoint)) {
      throw new UsageError(
        `${locate(['models', i, 'endpoint'])}: models[${i}].endpoint: expected an http:// or https:// base URL, got ${JSON.stringify(m.endpoint)}`,
      );
    }
    if ((m.api ?? 'openai') === 'openai' && /\/(chat\/)?completions\/?$|\/embeddings\/?$/.test(m.endpoint)) {
      throw new UsageError(
        `${locate(['models', i, 'endpoint'])}: models[${i}].endpoint: give the base URL (e.g. http://host:8000), not the route; autoglm appends /v1/chat/completions per profile`,
      );
    }
    if (/^https?:\/\/[^/]*@/i.test(m.endpoint)) {
      throw new UsageError(
        `${locate(['models', i, 'endpoint'])}: models[${i}].endpoint: credentials in the URL are not allowed; use api_key_env`,
      );
    }
    if ((m.api ?? 'openai') === 'http') {
      if (m.request === undefined || m.response === undefined) {
        throw new UsageError(
          `${locate(['models', i])}: models[${i}]: api: http needs a request body template and a response JSON pointer`,
        );
      }
      if (!m.response.startsWith('/') && m.response !== '') {
        throw new UsageError(
          `${locate(['models', i, 'response'])}: models[${i}].response: expected a JSON pointer starting with "/", got ${JSON.stringify(m.response)}`,
        );
      }
    } else if (m.request !== undefined || m.response !== undefined) {
      throw new UsageError(
        `${locate(['models', i, m.request !== undefined ? 'request' : 'response'], true)}: models[${i}]: request and response templates are for api: http`,
      );
    }
  });
  config.suites.forEach((s, i) => {
    if ((s.dataset === undefined) === (s.cases === undefined)) {
      throw new UsageError(
        `${locate(['suites', i])}: suites[${i}] (${s.name}): expected exactly one of dataset (ONNX samples) or cases (LLM test cases), got ${s.dataset === undefined ? 'neither' : 'both'}`,
      );
    }
    if (s.cases === undefined) {
      const stray = LLM_SUITE_ONLY.find((k) => s[k] !== undefined);
      if (stray) {
        throw new UsageError(
          `${locate(['suites', i, stray], true)}: suites[${i}].${stray}: only an LLM suite (cases:) takes ${stray}`,
        );
      }
    }
  });
}

/** Gate metric names that LLM suites add to the built-in ones. */
export const isLlmGateMetric = (metric: string): boolean =>
  (LLM_GATE_METRICS as readonly string[]).includes(metric);
