import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeResults } from '../results/io.js';
import type { Results } from '../results/schema.js';
import type { RunContext } from './context.js';
import { type BaselineStore, type BaselineWant, parseStored, type StoredDoc } from './store.js';

export const CACHE_KEY_VERSION = 'autoglm-baseline-v1';
export const DEFAULT_CACHE_HISTORY = 100;

/**
 * One key segment per branch. URI-encoding leaves no raw `/` or `,` (commas are not allowed in
 * keys), so the prefix `…/main/` never matches `main-2` or `main/x`; a name too long for the
 * 512-character key limit is hashed (`%h` cannot come out of encodeURIComponent).
 */
export function branchSegment(branch: string): string {
  const encoded = encodeURIComponent(branch);
  return encoded.length <= 200
    ? encoded
    : `%h${createHash('sha256').update(branch).digest('hex').slice(0, 40)}`;
}

/** `autoglm-baseline-v1/<branch>/` (latest of a branch) or `…/<branch>/<sha>/` (one commit). */
export function cacheKeyPrefix(branch: string, sha?: string): string {
  return `${CACHE_KEY_VERSION}/${branchSegment(branch)}/${sha ? `${sha.toLowerCase()}/` : ''}`;
}

/**
 * The folder whose contents are cached. Its path is part of the cache version hash, so it is the
 * same in every job of a runner: `$RUNNER_TEMP/autoglm-baseline-cache`.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.RUNNER_TEMP || os.tmpdir(), 'autoglm-baseline-cache');
}

/** Why the Actions cache cannot be reached from here, mirroring how @actions/cache picks its service. */
export function cacheServiceProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const host = (() => {
    try {
      return new URL(env.GITHUB_SERVER_URL || 'https://github.com').hostname.toUpperCase();
    } catch {
      return '';
    }
  })();
  const ghes = !(host === 'GITHUB.COM' || host.endsWith('.GHE.COM') || host.endsWith('.LOCALHOST'));
  const v2 = !ghes && Boolean(env.ACTIONS_CACHE_SERVICE_V2);
  const url = v2 ? env.ACTIONS_RESULTS_URL : env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL;
  const missing = [
    env.ACTIONS_RUNTIME_TOKEN ? undefined : 'ACTIONS_RUNTIME_TOKEN',
    url ? undefined : v2 ? 'ACTIONS_RESULTS_URL' : 'ACTIONS_CACHE_URL',
  ].filter((m): m is string => Boolean(m));
  if (!missing.length) return undefined;
  return (
    `the cache store works only inside GitHub Actions: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set ` +
    '(the runner gives them to actions, such as the autoglm action, not to run: steps)'
  );
}

interface Entry {
  key: string;
  /** Stored results, oldest first: file name and text. */
  runs: Array<{ name: string; text: string }>;
}

type CacheLib = typeof import('@actions/cache');
let lib: Promise<CacheLib> | undefined;
/** @actions/cache (with the Azure SDK) takes ~0.6 s to load: only runs that use this store pay it. */
const loadCache = (): Promise<CacheLib> => {
  lib ??= import('@actions/cache');
  return lib;
};

/**
 * `cache`: the GitHub Actions cache. Pushes to the default (or a protected) branch save one entry
 * per run, `autoglm-baseline-v1/<branch>/<sha>/<run>-<attempt>-<time>`, holding the branch's last
 * `history` results (the previous entry's runs plus this one). A pull request restores
 * `…/<base>/<merge-base sha>/`, then `…/<base>/`, the newest entry under each prefix. Pull
 * requests never save: what they write serves only that pull request.
 *
 * Limits: entries unused for 7 days are evicted (the history restarts), and two pushes saving at
 * once both extend the same previous entry, so the later history lacks the other run.
 */
export class CacheStore implements BaselineStore {
  readonly name = 'cache';
  private readonly memo = new Map<string, Promise<Entry | undefined>>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: { history?: number; log?: (m: string) => void } = {}) {}

  private log(message: string): void {
    this.options.log?.(message);
  }

  /** Restores and saves share one folder: run them one at a time. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private entry(prefix: string): Promise<Entry | undefined> {
    let found = this.memo.get(prefix);
    if (!found) {
      found = this.exclusive(() => this.restore(prefix));
      this.memo.set(prefix, found);
    }
    return found;
  }

  /** The newest entry under `prefix`, unpacked and read; undefined when there is none. */
  private async restore(prefix: string): Promise<Entry | undefined> {
    const problem = cacheServiceProblem();
    if (problem) throw new Error(problem);
    const cache = await loadCache();
    const dir = cacheDir();
    await rm(dir, { recursive: true, force: true });
    // Look up first: restoreCache answers a failed download like a miss, and a failure must be
    // reported, not mistaken for "no baseline yet".
    const matched = await cache.restoreCache([dir], prefix, [], { lookupOnly: true });
    if (!matched) return undefined;
    try {
      const restored = await cache.restoreCache([dir], matched);
      if (restored !== matched) {
        throw new Error(`found the cache entry ${matched} but could not restore it (see the warning above)`);
      }
      const runsDir = path.join(dir, 'runs');
      const names = await readdir(runsDir).catch(() => {
        throw new Error(`the cache entry ${matched} holds no runs/ folder at ${dir}`);
      });
      const runs: Entry['runs'] = [];
      for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
        runs.push({ name, text: await readFile(path.join(runsDir, name), 'utf8') });
      }
      return { key: matched, runs };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async find(want: BaselineWant, ctx: RunContext): Promise<StoredDoc | undefined> {
    // A commit's entry is saved under the branch it was pushed to: the merge-base's is the base's.
    const branch = want.kind === 'branch' ? want.branch : (ctx.baseBranch ?? ctx.defaultBranch);
    if (!branch) return undefined;
    const entry = await this.entry(cacheKeyPrefix(branch, want.kind === 'sha' ? want.sha : undefined));
    if (!entry) return undefined;
    const last = entry.runs.at(-1);
    return {
      text: last?.text ?? '',
      location: `cache ${entry.key}${last ? `:runs/${last.name}` : ' (no runs in it)'}`,
      runId: runIdOf(entry.key),
    };
  }

  /** The results kept in the branch's newest entry, oldest first, at most `limit`. */
  async history(branch: string, limit: number, _ctx: RunContext): Promise<Results[]> {
    const entry = await this.entry(cacheKeyPrefix(branch));
    return entry ? this.valid(entry).slice(-limit) : [];
  }

  private valid(entry: Entry): Results[] {
    const out: Results[] = [];
    for (const run of entry.runs) {
      const { results, warning } = parseStored({
        text: run.text,
        location: `cache ${entry.key}:runs/${run.name}`,
      });
      if (results) out.push(results);
      else this.log(`warning: ${warning}`);
    }
    return out;
  }

  async save(results: Results, ctx: RunContext): Promise<string> {
    if (!ctx.canSave) {
      throw new Error(
        `the cache store saves only in push runs on the default or a protected branch (this run: ${ctx.event}${ctx.branch ? ` on ${ctx.branch}` : ''}); ` +
          'a pull request writes caches only it can read, so they never become a baseline',
      );
    }
    const branch = ctx.branch;
    if (!branch) throw new Error('cannot save a baseline: the branch of this run is unknown');
    const problem = cacheServiceProblem();
    if (problem) throw new Error(problem);
    const sha = ctx.sha ?? results.provenance.sha ?? 'unknown';
    const keep = this.options.history ?? DEFAULT_CACHE_HISTORY;
    const prefix = cacheKeyPrefix(branch);
    const attempt = process.env.GITHUB_RUN_ATTEMPT || '1';
    // Entries are immutable: run, attempt and time keep re-runs and matrix jobs from colliding.
    const key = `${cacheKeyPrefix(branch, sha)}${ctx.runId ?? 'local'}-${attempt}-${Date.now().toString(36)}`;
    return this.exclusive(async () => {
      let previous: Results[] = [];
      try {
        const entry = await (this.memo.get(prefix) ?? this.restore(prefix));
        if (entry) previous = this.valid(entry);
      } catch (e) {
        this.log(`warning: starting a new history for ${branch}: ${(e as Error).message}`);
      }
      const runs = [...previous, results].slice(-keep);
      const cache = await loadCache();
      const dir = cacheDir();
      await rm(dir, { recursive: true, force: true });
      try {
        for (const [i, run] of runs.entries()) {
          const runSha = (run.provenance.sha ?? 'unknown').slice(0, 12);
          await writeResults(path.join(dir, 'runs', `${String(i).padStart(6, '0')}-${runSha}.json`), run);
        }
        const id = await cache.saveCache([dir], key);
        // saveCache reports most failures as a warning and -1 rather than throwing.
        if (id === -1) throw new Error(`the Actions cache did not accept ${key} (see the warning above)`);
      } finally {
        await rm(dir, { recursive: true, force: true });
        this.memo.clear();
      }
      return `cache ${key} (history ${runs.length} of ${keep})`;
    });
  }
}

/** `…/<run>-<attempt>-<time>` -> the run id, for the report. */
function runIdOf(key: string): string | undefined {
  const run = key.split('/').at(-1)?.split('-')[0];
  return run && run !== 'local' ? run : undefined;
}
