import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { Results } from '../results/schema.js';
import type { RunContext } from './context.js';
import { git, gitMessage, gitOk } from './git.js';
import { type BaselineStore, type BaselineWant, parseStored, type StoredDoc } from './store.js';

export const DEFAULT_DATA_BRANCH = 'autoglm-data';
export const DEFAULT_HISTORY = 100;

/** Branch names become one path segment: `feature/x` -> `feature%2Fx`. */
export const branchKey = (branch: string): string => encodeURIComponent(branch);

const IDENTITY = {
  GIT_AUTHOR_NAME: 'autoglm',
  GIT_AUTHOR_EMAIL: 'autoglm@users.noreply.github.com',
  GIT_COMMITTER_NAME: 'autoglm',
  GIT_COMMITTER_EMAIL: 'autoglm@users.noreply.github.com',
};

/**
 * `branch`: an orphan data branch holding, per branch, the latest results and a bounded history,
 * plus results by commit SHA for merge-base lookups:
 *
 *   latest/<branch>.json   sha/<sha>.json   history/<branch>/<time>-<sha>.json
 *
 * Written with git plumbing into a private ref and pushed without force; a rejected push (another
 * job saved first) is retried on top of the new tip, so concurrent saves never lose a run.
 */
export class BranchStore implements BaselineStore {
  readonly name = 'branch';
  private fetched: Promise<boolean> | undefined;
  private readonly localRef: string;

  constructor(
    private readonly cwd: string,
    private readonly options: { branch?: string; remote?: string; history?: number; retries?: number } = {},
  ) {
    this.localRef = `refs/autoglm/${this.branch}`;
  }

  private get branch(): string {
    return this.options.branch ?? DEFAULT_DATA_BRANCH;
  }

  private get remote(): string {
    return this.options.remote ?? 'origin';
  }

  /** Fetch the data branch into a private ref; false when the remote has none yet. */
  private async fetch(force = false): Promise<boolean> {
    if (!force && this.fetched) return this.fetched;
    this.fetched = (async () => {
      const r = await git(this.cwd, [
        'fetch',
        '--no-tags',
        '--quiet',
        this.remote,
        `+refs/heads/${this.branch}:${this.localRef}`,
      ]);
      if (r.code === 0) return true;
      if (/couldn't find remote ref|no such ref/i.test(r.stderr)) return false;
      await this.requireRemote();
      throw new Error(`cannot fetch ${this.branch} from ${this.remote}: ${gitMessage(r.stderr, r.code)}`);
    })();
    return this.fetched;
  }

  /** No such remote is the user's to fix (exit 2), with the ways out; anything else is git's own word. */
  private async requireRemote(): Promise<void> {
    const url = await git(this.cwd, ['remote', 'get-url', '--', this.remote]);
    if (url.code === 0) return;
    throw new UsageError(
      `the branch store keeps baselines on the "${this.branch}" branch of a git remote, and ${this.cwd} has no git remote named "${this.remote}": add one (git remote add ${this.remote} <url>), or save the baseline as a file (autoglm baseline save --to PATH, or baseline.store: file)`,
    );
  }

  private async read(file: string): Promise<string | undefined> {
    const r = await git(this.cwd, ['show', `${this.localRef}:${file}`]);
    return r.code === 0 ? r.stdout : undefined;
  }

  async find(want: BaselineWant, _ctx: RunContext): Promise<StoredDoc | undefined> {
    if (want.kind === 'local' || !(await this.fetch())) return undefined;
    const file = want.kind === 'sha' ? `sha/${want.sha}.json` : `latest/${branchKey(want.branch)}.json`;
    const text = await this.read(file);
    return text === undefined ? undefined : { text, location: `${this.branch}:${file}` };
  }

  async history(branch: string, limit: number, _ctx: RunContext): Promise<Results[]> {
    if (!(await this.fetch())) return [];
    const dir = `history/${branchKey(branch)}/`;
    const r = await git(this.cwd, ['ls-tree', '--name-only', `${this.localRef}:${dir}`]);
    if (r.code !== 0) return [];
    const names = r.stdout.split('\n').filter(Boolean).sort().slice(-limit);
    const out: Results[] = [];
    for (const name of names) {
      const text = await this.read(`${dir}${name}`);
      const parsed = text === undefined ? {} : parseStored({ text, location: name });
      if (parsed.results) out.push(parsed.results);
    }
    return out;
  }

  async save(results: Results, ctx: RunContext): Promise<string> {
    const branch = ctx.branch;
    if (!branch) throw new Error('cannot save a baseline: the branch of this run is unknown');
    const sha = ctx.sha ?? results.provenance.sha ?? 'unknown';
    const key = branchKey(branch);
    const stamp = results.createdAt.replace(/[:.]/g, '-');
    const historyFile = `history/${key}/${stamp}-${sha.slice(0, 12)}.json`;
    const keep = this.options.history ?? DEFAULT_HISTORY;
    const body = `${JSON.stringify(results, null, 2)}\n`;
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'autoglm-index-'));
    const env = { ...IDENTITY, GIT_INDEX_FILE: path.join(tmp, 'index') };
    try {
      const attempts = this.options.retries ?? 6;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        const exists = await this.fetch(true);
        const parent = exists ? (await gitOk(this.cwd, ['rev-parse', this.localRef])).trim() : undefined;
        await gitOk(this.cwd, parent ? ['read-tree', parent] : ['read-tree', '--empty'], { env });
        const blob = (await gitOk(this.cwd, ['hash-object', '-w', '--stdin'], { input: body })).trim();
        for (const file of [`latest/${key}.json`, `sha/${sha}.json`, historyFile]) {
          await gitOk(this.cwd, ['update-index', '--add', '--cacheinfo', `100644,${blob},${file}`], { env });
        }
        // Bound the history: drop the oldest runs (and their by-SHA copies) beyond `keep`.
        const listed = await gitOk(this.cwd, ['ls-files', '--', `history/${key}/`], { env });
        const entries = listed.split('\n').filter(Boolean).sort();
        for (const old of entries.slice(0, Math.max(0, entries.length - keep))) {
          const oldSha = /-([0-9a-f]{7,40}|unknown)\.json$/.exec(old)?.[1];
          await gitOk(this.cwd, ['update-index', '--force-remove', '--', old], { env });
          if (oldSha && !sha.startsWith(oldSha)) {
            const bySha = await gitOk(this.cwd, ['ls-files', '--', `sha/${oldSha}*`], { env });
            for (const f of bySha.split('\n').filter(Boolean)) {
              await gitOk(this.cwd, ['update-index', '--force-remove', '--', f], { env });
            }
          }
        }
        const tree = (await gitOk(this.cwd, ['write-tree'], { env })).trim();
        const message = `autoglm: results of ${branch} at ${sha.slice(0, 12)}${ctx.runId ? ` (run ${ctx.runId})` : ''}`;
        const commit = (
          await gitOk(this.cwd, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message], {
            env,
          })
        ).trim();
        const push = await git(this.cwd, [
          'push',
          '--quiet',
          this.remote,
          `${commit}:refs/heads/${this.branch}`,
        ]);
        if (push.code === 0) {
          await git(this.cwd, ['update-ref', this.localRef, commit]);
          // The data branch exists now, if it did not when this store first looked.
          this.fetched = Promise.resolve(true);
          return `${this.branch}:latest/${key}.json (history ${Math.min(entries.length, keep)} of ${keep})`;
        }
        if (
          !/rejected|fetch first|non-fast-forward|stale info|failed to update ref|cannot lock ref/i.test(
            push.stderr,
          )
        ) {
          throw new Error(
            `cannot push ${this.branch} to ${this.remote}: ${gitMessage(push.stderr, push.code)}`,
          );
        }
        // Someone else saved first: retry on top of their commit after a short, jittered wait.
        await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
      }
      throw new Error(`cannot push ${this.branch}: still rejected after ${attempts} attempts`);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
}
