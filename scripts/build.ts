/**
 * `npm run build` (after `tsc`): bundle the action and the CLI with ncc into dist/, then copy the
 * runtimes ncc cannot bundle (onnxruntime-node's native binding and shared library, z3-solver's
 * wasm and workers) into dist/node_modules, linux-x64 only. They are imported lazily at run time.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
/** Built here first, then swapped in: dist/ is never half-built, even when a build fails. */
const staging = path.join(root, `.dist-staging-${process.pid}`);
const require = createRequire(import.meta.url);

/** Packages kept out of the bundle and shipped beside it. */
export const EXTERNALS = ['onnxruntime-node', 'z3-solver'];

function ncc(entry: string, outDir: string): void {
  const bin = require.resolve('@vercel/ncc/dist/ncc/cli.js');
  const args = [bin, 'build', path.join(root, entry), '-o', outDir, '--quiet', '--no-source-map-register'];
  for (const e of EXTERNALS) args.push('-e', e);
  execFileSync(process.execPath, args, { stdio: 'inherit', cwd: root });
}

function pkgDir(name: string): string {
  return path.join(root, 'node_modules', name);
}

/** Copy a package's files that match `keep` (paths relative to the package). */
function copyPackage(name: string, keep: (rel: string) => boolean): void {
  const from = pkgDir(name);
  const to = path.join(staging, 'node_modules', name);
  const walk = (rel: string): void => {
    const abs = path.join(from, rel);
    if (statSync(abs).isDirectory()) {
      for (const entry of readdirSync(abs).sort()) walk(path.join(rel, entry));
    } else if (keep(rel.split(path.sep).join('/'))) {
      mkdirSync(path.dirname(path.join(to, rel)), { recursive: true });
      cpSync(abs, path.join(to, rel));
    }
  };
  walk('');
}

const isLicense = (rel: string) => /^(LICENSE|LICENCE|ThirdPartyNotices)/i.test(rel);
/** Every package.json: nested ones set the module type of their folder (onnxruntime-common's cjs/esm). */
const isManifest = (rel: string) => rel.endsWith('package.json');
const jsOnly = (rel: string) => rel.endsWith('.js') || rel.endsWith('.mjs') || rel.endsWith('.cjs');

function main(): void {
  try {
    build();
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

function build(): void {
  rmSync(staging, { recursive: true, force: true });
  ncc('src/action/index.ts', staging);
  ncc('src/cli/index.ts', path.join(staging, 'cli'));
  ncc('src/index.ts', path.join(staging, 'lib'));
  // ncc writes a package.json ({"type":"module"}) beside each bundle; both are needed for ESM.

  copyPackage(
    'onnxruntime-node',
    (rel) =>
      isManifest(rel) ||
      isLicense(rel) ||
      (rel.startsWith('dist/') && jsOnly(rel)) ||
      rel.startsWith('bin/napi-v6/linux/x64/'),
  );
  copyPackage(
    'onnxruntime-common',
    (rel) =>
      isManifest(rel) ||
      isLicense(rel) ||
      (rel.startsWith('dist/cjs/') && jsOnly(rel)) ||
      (rel.startsWith('dist/esm/') && jsOnly(rel)),
  );
  copyPackage(
    'z3-solver',
    (rel) =>
      isManifest(rel) ||
      isLicense(rel) ||
      (rel.startsWith('build/') && (jsOnly(rel) || rel.endsWith('.wasm'))),
  );
  copyPackage(
    'async-mutex',
    (rel) => isManifest(rel) || isLicense(rel) || (rel.startsWith('lib/') && jsOnly(rel)),
  );
  if (existsSync(pkgDir('tslib'))) {
    copyPackage(
      'tslib',
      (rel) => isManifest(rel) || isLicense(rel) || rel === 'tslib.js' || rel.startsWith('modules/'),
    );
  }
  const old = `${dist}.old-${process.pid}`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(staging, dist);
  rmSync(old, { recursive: true, force: true });
  process.stderr.write(
    `dist/ built: action dist/index.js, CLI dist/cli/index.js, library dist/lib/index.js, runtimes in dist/node_modules\n`,
  );
}

main();
