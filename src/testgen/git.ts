import path from 'node:path';
import { UsageError } from '../errors.js';
import { gitOk as git } from '../git.js';
import type { SourceReader } from './instrument.js';

/** The repository's top folder, or undefined outside a git work tree. */
export async function repoRoot(cwd: string): Promise<string | undefined> {
  try {
    return (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    return undefined;
  }
}

/** Check that a ref names a commit; a usage error otherwise. */
export async function verifyRef(root: string, ref: string): Promise<string> {
  if (ref.startsWith('-'))
    throw new UsageError(`--base ${JSON.stringify(ref)}: expected a git ref, not an option`);
  try {
    return (await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
  } catch {
    throw new UsageError(
      `--base ${JSON.stringify(ref)}: not a commit in ${root}`,
      'fetch the base branch first (e.g. fetch-depth: 0)',
    );
  }
}

/** Changed line ranges (head side, 1-based inclusive) per absolute file, between `base` and the work tree. */
export async function changedLines(root: string, base: string): Promise<Map<string, [number, number][]>> {
  const out = await git(root, ['diff', '--no-color', '--no-ext-diff', '-U0', base, '--']);
  const changed = new Map<string, [number, number][]>();
  let current: string | undefined;
  for (const line of out.split('\n')) {
    const file = /^\+\+\+ b\/(.*)$/.exec(line);
    if (file) {
      current = path.join(root, file[1] as string);
      changed.set(current, changed.get(current) ?? []);
      continue;
    }
    if (line.startsWith('+++ /dev/null')) {
      current = undefined;
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      changed.get(current)?.push([start, Math.max(start, start + count - 1)]);
    }
  }
  // Untracked files are new in full.
  const untracked = await git(root, ['ls-files', '--others', '--exclude-standard', '-z']);
  for (const f of untracked.split('\0').filter(Boolean))
    changed.set(path.join(root, f), [[1, Number.MAX_SAFE_INTEGER]]);
  return changed;
}

/** Read files as they are at `ref` (undefined when absent there). */
export async function readerAt(root: string, ref: string, files: string[]): Promise<SourceReader> {
  const cache = new Map<string, string | undefined>();
  const load = async (file: string) => {
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (rel.startsWith('..')) return undefined;
    try {
      return await git(root, ['show', `${ref}:${rel}`]);
    } catch {
      return undefined;
    }
  };
  // Every tracked source at the ref is listed once so the sync reader can answer for imports too.
  const listing = await git(root, ['ls-tree', '-r', '--name-only', '-z', ref]);
  const tracked = new Set(
    listing
      .split('\0')
      .filter(Boolean)
      .map((f) => path.join(root, f)),
  );
  const wanted = new Set(files);
  // Imports of the targets: sources under the same top-level folders, bounded.
  const tops = new Set(files.map((f) => path.relative(root, f).split(path.sep)[0]));
  for (const f of tracked) {
    if (wanted.size >= 400) break;
    const top = path.relative(root, f).split(path.sep)[0];
    if (tops.has(top) && /\.(c|m)?(t|j)sx?$/.test(f) && !f.includes(`${path.sep}node_modules${path.sep}`))
      wanted.add(f);
  }
  await Promise.all(
    [...wanted]
      .filter((f) => tracked.has(f))
      .map(async (f) => {
        cache.set(f, await load(f));
      }),
  );
  return (file) => cache.get(file);
}
