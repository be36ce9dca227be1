import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { platformError } from '../src/inference/onnx.js';
import { ROOT } from './helpers.js';

describe('platform support', () => {
  it('linux-x64 is supported; other runners get a clear error that names the platform', () => {
    expect(platformError('linux', 'x64')).toBeUndefined();
    expect(platformError('darwin', 'arm64')?.message).toBe(
      'ONNX models run on linux-x64 runners; this runner is darwin-arm64',
    );
    expect(platformError('win32', 'x64')?.hint).toMatch(/Linux x64 runner/);
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
