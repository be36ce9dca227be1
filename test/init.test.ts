import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { DEMO, runCli, tempDir } from './helpers.js';

describe('autoglm init', () => {
  it('writes a valid starter config listing the ONNX models it finds, and never overwrites silently', () => {
    const dir = tempDir();
    cpSync(path.join(DEMO, 'models'), path.join(dir, 'models'), { recursive: true });
    const first = runCli(['init'], dir);
    expect(first.code).toBe(0);
    const text = readFileSync(path.join(dir, 'autoglm.yml'), 'utf8');
    const { config } = parseConfig(text, 'autoglm.yml', dir);
    expect(config.models.map((m) => [m.name, m.path])).toEqual([
      ['digits-v1', 'models/digits-v1.onnx'],
      ['digits-v2', 'models/digits-v2.onnx'],
    ]);
    const again = runCli(['init'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('autoglm: error: autoglm.yml already exists');
    expect(again.stderr).toContain('hint: pass --force to overwrite it');
    expect(runCli(['init', '--force'], dir).code).toBe(0);
  });
});
