import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Results, ResultsSchema } from '../src/results/schema.js';
import { checkResults, stringifyResults } from '../src/results/serialize.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const demo = () =>
  ResultsSchema.parse(
    JSON.parse(readFileSync(path.join(ROOT, 'examples/demo/autoglm-baseline.json'), 'utf8')),
  );

describe('results serialization', () => {
  it('round-trips the demo baseline, one compact line per sample record', () => {
    const doc = demo();
    const text = stringifyResults(checkResults(structuredClone(doc)));
    expect(JSON.parse(text)).toEqual(doc);
    const first = doc.suites[0]?.models[0]?.samples[0];
    expect(text).toContain(`\n            ${JSON.stringify(first)},\n`);
    // The tensor suites' per-sample records are what make documents large: one line each.
    const { llm: _llm, ...tensorOnly } = doc;
    const compact = stringifyResults(checkResults(structuredClone(tensorOnly) as Results));
    expect(compact.split('\n').length).toBeLessThan(
      JSON.stringify(tensorOnly, null, 2).split('\n').length / 3,
    );
  });

  it('a bad record is refused with its suite, model and index', () => {
    const doc = demo() as Results;
    (doc.suites[0]?.models[1]?.samples[7] as { latencyMs: unknown }).latencyMs = 'slow';
    expect(() => checkResults(doc)).toThrow(/model digits-v1-int8, sample 7: latencyMs/);
  });
});
