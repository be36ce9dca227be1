import { spawnSync } from 'node:child_process';
import { cpSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, ROOT, tempDir } from './helpers.js';

/** A copy of action.yml + dist/ (what the action downloads), its linux-x64 onnxruntime binary moved to `to`. */
function distWithBinaryAt(to: string): string {
  const dir = tempDir('autoglm-dist-');
  cpSync(path.join(ROOT, 'action.yml'), path.join(dir, 'action.yml'));
  cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  const napi = path.join(dir, 'dist', 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6');
  cpSync(path.join(napi, 'linux', 'x64'), path.join(napi, to), { recursive: true });
  renameSync(path.join(napi, 'linux', 'x64'), path.join(napi, 'linux', 'x64-moved'));
  return dir;
}

function evalIn(dir: string, preload: string[] = []) {
  const model = path.join(DEMO, 'models', 'digits-v1.onnx');
  const args = ['eval', '--model', `m=${model}`, '--synthetic', 'pixels:float32[1,64]', '--samples', '5'];
  return spawnSync(process.execPath, [...preload, path.join(dir, 'dist', 'cli', 'index.js'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
}

describe('platform support', () => {
  it('ONNX evals run wherever the runtime has a binary for the platform, not only on linux-x64', () => {
    // The binary for this machine, filed under darwin/arm64, and a process that reports darwin-arm64:
    // the runtime finds a binary, so the eval runs (no platform list refuses it first).
    const dir = distWithBinaryAt(path.join('darwin', 'arm64'));
    const preload = path.join(dir, 'as-darwin-arm64.cjs');
    writeFileSync(
      preload,
      "Object.defineProperty(process, 'platform', { value: 'darwin' });\nObject.defineProperty(process, 'arch', { value: 'arm64' });\n",
    );
    const r = evalIn(dir, ['--require', preload]);
    expect(r.stderr).not.toContain('error');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^m\s/m);
  });

  it('a platform the install has no binary for stops with exit 2, naming it and what the dist ships', () => {
    const dir = distWithBinaryAt(path.join('darwin', 'arm64'));
    const r = evalIn(dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('onnxruntime-node has no binary for linux-x64 in this install');
    expect(r.stderr).toContain("the action's dist/ ships onnxruntime binaries for linux-x64 only");
    expect(r.stderr).toContain('darwin-arm64');
  });

  it('a run that needs no ONNX model never loads onnxruntime', () => {
    // --help and a bad config both finish without touching the runtime: no native module is mapped.
    const script = `import('${path.join(ROOT, 'dist', 'lib', 'index.js')}').then(async (lib) => {
      await lib.parseConfig('models: []\\n', 'x.yml');
      const fs = await import('node:fs');
      const maps = fs.readFileSync('/proc/self/maps', 'utf8');
      console.log(maps.includes('libonnxruntime') ? 'loaded' : 'not loaded');
    })`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('not loaded');
  });
});
