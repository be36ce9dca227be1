import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeResults } from '../results/io.js';
import type { Results } from '../results/schema.js';
import type { RunContext } from './context.js';
import { isGitRepo, repoRelative, showFile } from './git.js';
import type { BaselineStore, BaselineWant, StoredDoc } from './store.js';

export const DEFAULT_BASELINE_FILE = 'autoglm-baseline.json';

/**
 * `file`: a results document committed in the repo. On a PR it is read as it was at the merge-base
 * (the PR may have edited it), then at the base branch tip, then from the working tree.
 */
export class FileStore implements BaselineStore {
  readonly name = 'file';
  constructor(
    private readonly cwd: string,
    private readonly file = DEFAULT_BASELINE_FILE,
  ) {}

  async find(want: BaselineWant, _ctx: RunContext): Promise<StoredDoc | undefined> {
    const abs = path.resolve(this.cwd, this.file);
    if (want.kind !== 'local' && (await isGitRepo(this.cwd))) {
      const rel = await repoRelative(this.cwd, this.file);
      if (rel) {
        const revs = want.kind === 'sha' ? [want.sha] : [`origin/${want.branch}`, want.branch];
        for (const rev of revs) {
          const text = await showFile(this.cwd, rev, rel);
          if (text !== undefined) return { text, location: `${rel} at ${rev.slice(0, 40)}` };
        }
      }
    }
    if (want.kind === 'sha') return undefined;
    try {
      return { text: await readFile(abs, 'utf8'), location: this.file };
    } catch {
      return undefined;
    }
  }

  howToSave(branch: string): string {
    return `the file store is never written by a run on its own; make one with \`autoglm baseline save --to ${this.file}\` on ${branch} and commit it`;
  }

  async save(results: Results, _ctx: RunContext): Promise<string> {
    await writeResults(path.resolve(this.cwd, this.file), results);
    return `${this.file} (commit it to make it the baseline)`;
  }
}
