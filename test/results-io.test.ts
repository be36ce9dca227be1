import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readResults, writeFileAtomic, writeResults } from '../src/results/io.js';
import { type Results, SCHEMA_VERSION } from '../src/results/schema.js';
import { usageErrorAsync } from './helpers.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'autoglm-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
/** A fresh, empty folder per test, so leftovers are attributable. */
function folder(): string {
  const dir = path.join(tmp, `case-${++counter}`);
  fs.mkdirSync(dir);
  return dir;
}

function sampleResults(): Results {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'open-autoglm-ci', version: '0.1.0' },
    createdAt: '2026-01-01T00:00:00.000Z',
    provenance: { sha: 'abc123', ref: 'refs/heads/main', event: 'push', runId: '42' },
    environment: {
      platform: 'linux',
      arch: 'x64',
      cpu: 'Test CPU',
      cores: 4,
      node: 'v20.0.0',
      onnxruntime: '1.30.0',
    },
    suites: [
      {
        name: 'digits-eval',
        metrics: ['accuracy', 'latency'],
        dataset: { kind: 'jsonl', source: 'data/eval.jsonl', samples: 2, sha256: 'f'.repeat(64) },
        models: [
          {
            name: 'digits-v1',
            path: 'models/digits-v1.onnx',
            sha256: '0'.repeat(64),
            adapter: 'tensor',
            batchSize: 16,
            batched: true,
            threads: { intraOp: 2, interOp: 1 },
            warmupRuns: 3,
            metrics: {
              accuracy: 0.5,
              latency: { meanMs: 1.25, p50Ms: 1, p95Ms: 2, p99Ms: 2.5, minMs: 0.5, maxMs: 3 },
              throughput: 800,
              loadMs: 10.5,
              memoryMiB: 1.5,
              peakRssMiB: 100,
              sizeBytes: 1234,
            },
            samples: [
              {
                id: 'a',
                prediction: {
                  logits: [
                    [0.1, -2],
                    [3, 4],
                  ],
                },
                expected: {
                  logits: [
                    [0.1, -2],
                    [3, 4],
                  ],
                },
                correct: true,
                error: 0,
                latencyMs: 1,
                batch: 0,
              },
              { id: 'b', prediction: null, latencyMs: 1.5, batch: 0 },
            ],
          },
        ],
        agreement: [
          {
            a: 'digits-v1',
            b: 'digits-v2',
            samples: 2,
            top1: 1,
            outputs: [{ name: 'logits', maxAbsDiff: 0, meanAbsDiff: 0 }],
          },
        ],
      },
    ],
    gates: [
      {
        metric: 'accuracy',
        suite: 'digits-eval',
        model: 'digits-v1',
        value: 0.5,
        min: 0.8,
        mode: 'block',
        status: 'fail',
      },
    ],
    verdict: 'regression',
  };
}

describe('writeResults', () => {
  it('writes pretty JSON atomically: only the target is left in the folder', async () => {
    const dir = folder();
    const file = path.join(dir, 'autoglm-results.json');
    await writeResults(file, sampleResults());
    expect(fs.readdirSync(dir)).toEqual(['autoglm-results.json']);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(sampleResults());
    // Overwriting leaves no temporary file either.
    await writeResults(file, { ...sampleResults(), verdict: 'pass' });
    expect(fs.readdirSync(dir)).toEqual(['autoglm-results.json']);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).verdict).toBe('pass');
  });

  it('creates missing parent folders', async () => {
    const dir = folder();
    const file = path.join(dir, 'out', 'nested', 'results.json');
    await writeResults(file, sampleResults());
    expect(fs.readdirSync(path.dirname(file))).toEqual(['results.json']);
  });

  it('an invalid document throws and leaves the previous file intact, with no temp file', async () => {
    const dir = folder();
    const file = path.join(dir, 'autoglm-results.json');
    await writeResults(file, sampleResults());
    const before = fs.readFileSync(file, 'utf8');
    const invalid = { ...sampleResults(), verdict: 'maybe' } as unknown as Results;
    await expect(writeResults(file, invalid)).rejects.toThrow(
      `not writing ${file}: invalid results document at verdict: `,
    );
    const broken = sampleResults();
    (broken.suites[0]?.models[0]?.metrics as { sizeBytes: number }).sizeBytes = 1.5;
    await expect(writeResults(file, broken)).rejects.toThrow(
      `not writing ${file}: invalid results document at suites.0.models.0.metrics.sizeBytes: `,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['autoglm-results.json']);
  });

  it('writeFileAtomic cleans its temp file when the target cannot be replaced', async () => {
    const dir = folder();
    // A folder where the file should go: rename() fails.
    const target = path.join(dir, 'taken');
    fs.mkdirSync(path.join(target, 'inside'), { recursive: true });
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow(/EISDIR.*taken/);
    expect(fs.readdirSync(dir)).toEqual(['taken']);
  });
});

describe('readResults', () => {
  it('a round trip equals the input', async () => {
    const dir = folder();
    const file = path.join(dir, 'autoglm-results.json');
    await writeResults(file, sampleResults());
    expect(await readResults(file)).toEqual(sampleResults());
  });

  it('a wrong schemaVersion names the file and both versions', async () => {
    const dir = folder();
    const file = path.join(dir, 'old.json');
    fs.writeFileSync(file, JSON.stringify({ ...sampleResults(), schemaVersion: 99 }));
    const e = await usageErrorAsync(() => readResults(file));
    expect(e.message).toBe(`${file}: unsupported schemaVersion 99 (this version reads ${SCHEMA_VERSION})`);
    fs.writeFileSync(file, JSON.stringify({ verdict: 'pass' }));
    const missing = await usageErrorAsync(() => readResults(file));
    expect(missing.message).toBe(
      `${file}: unsupported schemaVersion undefined (this version reads ${SCHEMA_VERSION})`,
    );
    fs.writeFileSync(file, 'null');
    expect((await usageErrorAsync(() => readResults(file))).message).toContain(
      `${file}: unsupported schemaVersion`,
    );
  });

  it('malformed JSON names the file', async () => {
    const dir = folder();
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, '{"schemaVersion": 1,');
    const e = await usageErrorAsync(() => readResults(file));
    expect(e.message.startsWith(`${file}: not valid JSON (`)).toBe(true);
  });

  it('a document with the right version but a bad field names the file and the path', async () => {
    const dir = folder();
    const file = path.join(dir, 'bad.json');
    const doc = sampleResults();
    (doc.suites[0]?.models[0] as { batchSize: unknown }).batchSize = 'sixteen';
    fs.writeFileSync(file, JSON.stringify(doc));
    const e = await usageErrorAsync(() => readResults(file));
    expect(e.message).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: invalid results document at suites\\.0\\.models\\.0\\.batchSize: `,
      ),
    );
  });

  it('a missing file names it', async () => {
    const file = path.join(tmp, 'nope.json');
    const e = await usageErrorAsync(() => readResults(file));
    expect(e.message).toBe(`cannot read results file ${file}: ENOENT`);
  });
});
