import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { login } from '../examples/demo/src/login.js';
import { buildDemoModels, DEMO_MODELS_DIR } from '../scripts/build-demo-models.js';
import { MODEL_FIXTURES, TEST_MODELS_DIR, TEXT_FIXTURES } from '../scripts/build-test-models.js';

const ROOT = join(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'autoglm-demo-models-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface EvalRow {
  id: string;
  pixels: number[];
  expected: string;
}

function readEval(): EvalRow[] {
  return readFileSync(join(ROOT, 'examples/demo/data/eval.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as EvalRow);
}

async function accuracy(modelPath: string, rows: readonly EvalRow[]): Promise<number> {
  const session = await ort.InferenceSession.create(modelPath);
  const x = new ort.Tensor('float32', Float32Array.from(rows.flatMap((r) => r.pixels)), [rows.length, 64]);
  const logits = (await session.run({ pixels: x })).logits;
  await session.release();
  expect(logits?.dims).toEqual([rows.length, 10]);
  const data = logits?.data as Float32Array;
  let ok = 0;
  rows.forEach((row, r) => {
    let best = 0;
    for (let k = 1; k < 10; k++) if ((data[r * 10 + k] as number) > (data[r * 10 + best] as number)) best = k;
    if (String(best) === row.expected) ok++;
  });
  return ok / rows.length;
}

describe('demo models', () => {
  it('rebuild byte-identical to the committed models', { timeout: 60_000 }, () => {
    const built = buildDemoModels(tmp);
    expect(built.map((b) => b.name)).toEqual(['digits-v1', 'digits-v2']);
    for (const b of built) {
      const committed = readFileSync(join(DEMO_MODELS_DIR, `${b.name}.onnx`));
      expect(readFileSync(b.path).equals(committed), `${b.name}.onnx differs from the committed file`).toBe(
        true,
      );
    }
  });

  it('the eval set has 200 well-formed rows', () => {
    const rows = readEval();
    expect(rows).toHaveLength(200);
    for (const r of rows) {
      expect(r.id).toMatch(/^eval-\d{4}$/);
      expect(r.expected).toMatch(/^[0-9]$/);
      expect(r.pixels).toHaveLength(64);
      expect(r.pixels.every((p) => p >= 0 && p <= 1)).toBe(true);
    }
  });

  it('digits-v1 scores between 0.80 and 0.99 on the eval set, and v2 differs', async () => {
    const rows = readEval();
    // Measured with onnxruntime-node: v1 0.920, v2 0.880.
    const v1 = await accuracy(join(DEMO_MODELS_DIR, 'digits-v1.onnx'), rows);
    const v2 = await accuracy(join(DEMO_MODELS_DIR, 'digits-v2.onnx'), rows);
    expect(v1).toBeGreaterThanOrEqual(0.8);
    expect(v1).toBeLessThanOrEqual(0.99);
    expect(v2).toBeGreaterThanOrEqual(0.8);
    expect(v2).not.toBe(v1);
  });

  it('login fixture behaves as documented', () => {
    expect(login('bob', 'Admin@123')).toBe('invalid username');
    expect(login('alice_1', 'nope')).toBe('wrong password');
    expect(login('alice_1', 'Admin@123')).toBe('success');
  });
});

describe('test fixture models', () => {
  it('the committed fixtures match what build-test-models produces', () => {
    for (const [file, build] of Object.entries(MODEL_FIXTURES)) {
      const committed = readFileSync(join(TEST_MODELS_DIR, file));
      expect(Buffer.from(build()).equals(committed), `${file} differs from the committed file`).toBe(true);
    }
    for (const [file, build] of Object.entries(TEXT_FIXTURES)) {
      expect(readFileSync(join(TEST_MODELS_DIR, file), 'utf8'), `${file} differs`).toBe(build());
    }
  });
});
