import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry, runSuites, UsageError } from '../src/index.js';
import { DEMO, ROOT, tempDir } from './helpers.js';

describe('library use', () => {
  it('registry.register + runSuites evaluates models registered in code', async () => {
    registry.register('lib-v1', {
      path: path.join(DEMO, 'models', 'digits-v1.onnx'),
      adapter: 'classifier',
      labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      capabilities: ['digits'],
      batchSize: 8,
    });
    const results = await runSuites(
      {
        registry,
        suites: [{ name: 'lib', dataset: 'data/eval.jsonl', capabilities: ['digits'], limit: 50 }],
        dir: DEMO,
      },
      { cwd: tempDir() },
    );
    const model = results.suites[0]?.models[0];
    expect(model?.name).toBe('lib-v1');
    expect(model?.samples).toHaveLength(50);
    expect(model?.metrics.accuracy).toBeGreaterThan(0.8);
    await expect(
      runSuites(
        { registry, suites: [{ name: 'x', dataset: 'data/eval.jsonl', models: ['lib-v2'] }], dir: DEMO },
        { cwd: tempDir() },
      ),
    ).rejects.toThrow(/no model named "lib-v2"; did you mean "lib-v1"\?/);
    await expect(
      runSuites({ registry, suites: [{ name: 'x' } as never], dir: DEMO }, { cwd: tempDir() }),
    ).rejects.toBeInstanceOf(UsageError);
  });

  it('the published entry (dist/lib) exposes the same API', () => {
    const dir = tempDir();
    const script = path.join(dir, 'use.mjs');
    writeFileSync(
      script,
      `import { registry, runSuites } from ${JSON.stringify(path.join(ROOT, 'dist', 'lib', 'index.js'))};
registry.register('m', { path: ${JSON.stringify(path.join(DEMO, 'models', 'digits-v2.onnx'))}, adapter: 'classifier' });
const r = await runSuites({ registry, suites: [{ name: 's', dataset: { synthetic: { inputs: ['pixels:float32[1,64]'], samples: 3 } } }], dir: '.' }, { cwd: ${JSON.stringify(dir)} });
console.log(JSON.stringify(r.suites[0].models[0].samples.map((s) => typeof s.prediction)));`,
    );
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(['number', 'number', 'number']);
  });
});
