import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoCopy, ROOT, tempDir } from './helpers.js';

const DIST = path.join(ROOT, 'dist');

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

const bytes = (dir: string) => files(dir).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);

describe('dist/: one bundle, thin entries, the runtimes once', () => {
  it('keeps every chunk in dist/core and the three entries a few lines each', () => {
    const all = files(DIST).filter((f) => !f.startsWith('node_modules/'));
    const chunks = all.filter(
      (f) => f.endsWith('.js') && !['index.js', 'cli/index.js', 'lib/index.js'].includes(f),
    );
    expect(chunks.length).toBeGreaterThan(0);
    for (const f of chunks) expect(f, 'a chunk outside the shared bundle').toMatch(/^core\//);
    for (const [entry, core] of [
      ['index.js', './core/index.js'],
      ['cli/index.js', '../core/index.js'],
      ['lib/index.js', '../core/index.js'],
    ] as const) {
      expect(statSync(path.join(DIST, entry)).size, entry).toBeLessThan(2048);
      expect(readFileSync(path.join(DIST, entry), 'utf8'), entry).toContain(`from '${core}'`);
    }
  });

  it('ships onnxruntime-node (linux-x64) and z3-solver once, and stays under 100 MiB', () => {
    const runtimes = files(path.join(DIST, 'node_modules'));
    expect(runtimes.filter((f) => f.endsWith('libonnxruntime.so.1'))).toEqual([
      'onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1',
    ]);
    expect(runtimes.filter((f) => f.endsWith('.wasm'))).toEqual(['z3-solver/build/z3-built.wasm']);
    expect(bytes(DIST)).toBeLessThan(100 * 1024 * 1024);
  });
});

/**
 * npx keeps what it installs under <cache>/_npx/<hash>, naming the tarball by a relative path;
 * remove the entries this test made (their spec ends with our temp folder and file name).
 */
function removeNpxInstalls(tarball: string): void {
  const cache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
  const npx = path.join(cache, '_npx');
  if (!existsSync(npx)) return;
  for (const entry of readdirSync(npx)) {
    const manifest = path.join(npx, entry, 'package.json');
    const spec = `${path.basename(path.dirname(tarball))}/${path.basename(tarball)}`;
    if (existsSync(manifest) && readFileSync(manifest, 'utf8').includes(spec)) {
      rmSync(path.join(npx, entry), { recursive: true, force: true });
    }
  }
}

describe('npm pack: the package runs with npx from a clean folder', () => {
  const out = tempDir('autoglm-pack-');
  let tarball = '';
  afterAll(() => {
    if (tarball) removeNpxInstalls(tarball);
    rmSync(out, { recursive: true, force: true });
  });

  it('packs the bundle without dist/node_modules (the runtimes come as dependencies)', () => {
    const report = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: ROOT, encoding: 'utf8' }),
    ) as { filename: string; files: { path: string }[] }[];
    const packed = report[0]?.files.map((f) => f.path) ?? [];
    tarball = path.join(out, report[0]?.filename ?? '');
    expect(packed).toContain('bin/autoglm.js');
    expect(packed).toContain('dist/core/index.js');
    expect(packed).toContain('action.yml');
    expect(packed.filter((f) => f.includes('node_modules'))).toEqual([]);
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['onnxruntime-node', 'z3-solver']);
  });

  it('`npx --package ./open-autoglm-ci-x.tgz autoglm run` runs the demo', () => {
    expect(tarball).not.toBe('');
    const cwd = demoCopy();
    const r = spawnSync(
      'npx',
      ['--yes', '--prefer-offline', '--package', tarball, 'autoglm', 'run', '--config', 'autoglm.yml'],
      {
        cwd,
        encoding: 'utf8',
        // onnxruntime-node's postinstall would fetch CUDA libraries; the CPU ones are in its package.
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ONNXRUNTIME_NODE_INSTALL: 'skip' },
      },
    );
    expect(r.stderr).not.toMatch(/npm (warn|error)/);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Verdict: pass');
    expect(existsSync(path.join(cwd, 'autoglm-results.json'))).toBe(true);
  }, 180_000);
});
