import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { canonicalJson, sha256, writeAtomic } from './store.js';
import type { LlmAnswer, WireRequest } from './types.js';

/**
 * The response cache: one JSON file per answer under `dir`, keyed by the model's endpoint, the
 * request body (model, messages, parameters) and the repeat index. Headers are not part of the
 * key and never stored, so no key reaches it. Persist `dir` (the default `.autoglm/llm-cache`)
 * with actions/cache or GitLab's cache: unchanged cases are then not paid for twice.
 */
export class ResponseCache {
  hits = 0;
  misses = 0;

  constructor(readonly dir: string) {}

  key(endpoint: string, req: WireRequest, repeat: number): string {
    return sha256(canonicalJson({ v: 1, endpoint, route: req.route, body: req.body, repeat }));
  }

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<LlmAnswer | undefined> {
    try {
      const entry = JSON.parse(await readFile(this.file(key), 'utf8')) as { answer?: LlmAnswer };
      if (entry.answer && typeof entry.answer.output === 'string') {
        this.hits++;
        return entry.answer;
      }
    } catch {
      // Missing or unreadable entries are misses; a torn file is rewritten below.
    }
    this.misses++;
    return undefined;
  }

  /** Only successful answers are stored (promptfoo's rule): an error must be retried next run. */
  async put(key: string, answer: LlmAnswer): Promise<void> {
    await writeAtomic(this.file(key), `${JSON.stringify({ answer })}\n`);
  }
}
