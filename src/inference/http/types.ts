import type { EndpointProfile } from '../../config/llm.js';

/** What an endpoint model is asked to do: chat messages, a raw completion, or an embedding. */
export type EndpointKind = 'chat' | 'completion' | 'embedding';
export const ENDPOINT_KINDS: readonly EndpointKind[] = ['chat', 'completion', 'embedding'];

export interface ChatMessage {
  role: string;
  content: string;
}

/** An endpoint model as the engine runs it (registry + config, defaults applied). */
export interface EndpointSpec {
  name: string;
  /** Base URL (api openai) or the URL to POST to (api http). */
  endpoint: string;
  api: 'openai' | 'http';
  profile: EndpointProfile;
  kind: EndpointKind;
  apiKeyEnv?: string;
  concurrency: number;
  timeoutMs: number;
  retries: number;
  params: Record<string, unknown>;
  request?: unknown;
  response?: string;
  /** USD per million tokens. */
  price?: { input: number; output: number };
}

/** One question to a model: the rendered prompt, as messages for chat models. */
export interface LlmCall {
  prompt: string;
  messages: ChatMessage[];
  vars: Record<string, unknown>;
  /** 0-based repeat index: each repeat has its own cache and cassette entry. */
  repeat: number;
  /** Case id, named in errors (replay misses, circuit breaker). */
  caseId: string;
}

/** Token counts as the server reported them; null = the server did not say (never 0 for unknown). */
export interface Usage {
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
}

export interface LlmAnswer {
  output: string;
  embedding?: number[];
  usage?: Usage;
  /** Wall time of the successful attempt (request sent to last byte). */
  latencyMs: number;
  /** Time to the first streamed content token. */
  ttftMs?: number;
  finishReason?: string;
  /** reasoning_content of reasoning models, kept apart from the output assertions see. */
  reasoning?: string;
  systemFingerprint?: string;
}

/** A request as it goes on the wire, minus headers (auth never leaves the client). */
export interface WireRequest {
  url: string;
  /** The route, for cassette keys that must not depend on host and port. */
  route: string;
  body: unknown;
  stream: boolean;
}

/** Where an answer came from: the server, the response cache, or a cassette. */
export type AnswerSource = 'network' | 'cache' | 'replay';

export interface SourcedAnswer extends LlmAnswer {
  source: AnswerSource;
  /** Attempts the network took (1 = first try). */
  attempts: number;
  /** 429/503 answers seen before success. */
  throttled: number;
}
