/**
 * What dist/ is built from, as one hash: written by `npm run build` to dist/source-hash.txt and
 * compared by the tests that spawn dist/ (test/dist-setup.ts), so a local `npm test` never runs a
 * stale bundle. Content only (paths and bytes, sorted), so the same sources give the same stamp on
 * every machine and the committed dist/ stays byte-identical to a rebuild.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The stamp's path inside dist/. */
export const STAMP = 'source-hash.txt';

/** Build inputs besides src/: the build script, this file, compiler options and the locked dependencies. */
const INPUTS = ['scripts/build.ts', 'scripts/lib/source-hash.ts', 'tsconfig.json', 'package-lock.json'];

/** src/ files as git sees them (tracked plus untracked, not ignored); a plain walk outside git. */
function sourceFiles(root: string): string[] {
  try {
    const out = execFileSync(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', 'src'],
      {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    return out.split('\0').filter((f) => f !== '');
  } catch {
    const walk = (rel: string): string[] =>
      statSync(path.join(root, rel)).isDirectory()
        ? readdirSync(path.join(root, rel)).flatMap((e) => walk(`${rel}/${e}`))
        : [rel];
    return walk('src');
  }
}

export function sourceHash(root: string): string {
  const files = [...new Set([...sourceFiles(root), ...INPUTS])]
    .filter((f) => existsSync(path.join(root, f)) && statSync(path.join(root, f)).isFile())
    .sort();
  const hash = createHash('sha256');
  for (const f of files) {
    hash.update(`${f}\0`);
    hash.update(readFileSync(path.join(root, f)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The stamp dist/ was built with, or undefined when it has none. */
export function builtHash(root: string): string | undefined {
  const file = path.join(root, 'dist', STAMP);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}
