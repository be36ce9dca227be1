import { UsageError } from '../../errors.js';
import type { LlmSettings } from '../../pipeline/llm.js';

/** Flags of `run` and `eval` for LLM suites. */
export const LLM_FLAGS = {
  record: { type: 'string' },
  replay: { type: 'string' },
  'no-cache': { type: 'boolean' },
} as const;

export const LLM_HELP = `
LLM suites (cases:, see docs/llm.md):
  --record DIR      also write every answer to cassettes in DIR/<suite>/<model>.json
  --replay DIR      answer from the cassettes in DIR: no network, no API key (fork PRs)
  --no-cache        do not read or write the response cache (.autoglm/llm-cache)`;

export function llmSettings(values: Record<string, unknown>): LlmSettings {
  const record = values.record as string | undefined;
  const replay = values.replay as string | undefined;
  if (record !== undefined && replay !== undefined)
    throw new UsageError('use either --record DIR or --replay DIR, not both');
  return {
    ...(record !== undefined ? { record } : {}),
    ...(replay !== undefined ? { replay } : {}),
    ...(values['no-cache'] === true ? { cache: false } : {}),
  };
}
