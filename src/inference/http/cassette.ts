import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../errors.js';
import { canonicalJson, sha256, slug, writeAtomic } from './store.js';
import type { LlmAnswer, WireRequest } from './types.js';

export const CASSETTE_VERSION = 1;

interface Entry {
  key: string;
  case: string;
  repeat: number;
  route: string;
  request: unknown;
  answer: LlmAnswer;
}

/** What the server reported besides answers (memory from /metrics), replayed with them. */
export interface ServerFacts {
  memoryMiB?: number;
}

interface CassetteFile {
  version: number;
  model: string;
  server: ServerFacts;
  entries: Entry[];
}

/**
 * Recorded answers of one model: `DIR/<model>.json`. Keyed by route + request body + repeat and
 * not by host, so a cassette recorded against a loopback server replays against the configured
 * endpoint; headers (and so keys) are never written.
 */
export class Cassette {
  private readonly entries = new Map<string, Entry>();
  server: ServerFacts = {};

  private constructor(
    readonly file: string,
    readonly model: string,
  ) {}

  static key(req: WireRequest, repeat: number): string {
    return sha256(canonicalJson({ v: CASSETTE_VERSION, route: req.route, body: req.body, repeat }));
  }

  static fileFor(dir: string, model: string): string {
    return path.join(dir, `${slug(model)}.json`);
  }

  static empty(dir: string, model: string): Cassette {
    return new Cassette(Cassette.fileFor(dir, model), model);
  }

  static async load(dir: string, model: string, display: (f: string) => string): Promise<Cassette> {
    const file = Cassette.fileFor(dir, model);
    let parsed: CassetteFile;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8')) as CassetteFile;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(
        code === 'ENOENT'
          ? `replay: no cassette for model "${model}": ${display(file)} does not exist`
          : `replay: cannot read the cassette ${display(file)}: ${(e as Error).message}`,
        'record one with --record DIR against a running server (see docs/llm.md)',
      );
    }
    if (parsed.version !== CASSETTE_VERSION || !Array.isArray(parsed.entries)) {
      throw new UsageError(
        `replay: ${display(file)} is not a version ${CASSETTE_VERSION} cassette; record it again with --record`,
      );
    }
    const c = new Cassette(file, model);
    c.server = parsed.server ?? {};
    for (const e of parsed.entries) c.entries.set(e.key, e);
    return c;
  }

  get(key: string): LlmAnswer | undefined {
    return this.entries.get(key)?.answer;
  }

  put(key: string, caseId: string, repeat: number, req: WireRequest, answer: LlmAnswer): void {
    this.entries.set(key, { key, case: caseId, repeat, route: req.route, request: req.body, answer });
  }

  get size(): number {
    return this.entries.size;
  }

  /** Sorted by case and repeat, so re-recording the same answers gives the same file. */
  async save(): Promise<void> {
    const entries = [...this.entries.values()].sort((a, b) =>
      a.case === b.case ? a.repeat - b.repeat : a.case < b.case ? -1 : 1,
    );
    const doc: CassetteFile = { version: CASSETTE_VERSION, model: this.model, server: this.server, entries };
    await writeAtomic(this.file, `${JSON.stringify(doc, null, 1)}\n`);
  }
}
