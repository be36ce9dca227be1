import { describe, expect, it } from 'vitest';
import { gateRule, gateValue, renderGates, renderSuites, table } from '../src/report/suites.js';
import type { GateOutcome } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';

const gate = (over: Partial<GateOutcome> = {}): GateOutcome => ({
  metric: 'accuracy',
  suite: 'digits-eval',
  model: 'digits-v2',
  value: 0.5,
  min: 0.9,
  mode: 'block',
  status: 'fail',
  ...over,
});

describe('suite and gate tables', () => {
  it('a table: headers, alignment by column kind, one row per line', () => {
    expect(table(['a', 'n'], [false, true], [['x', '1']])).toBe('| a | n |\n| :--- | ---: |\n| x | 1 |');
  });

  it('gate values and rules', () => {
    expect(gateValue(gate())).toBe('0.5');
    expect(gateValue(gate({ value: null }))).toBe('not measured');
    expect(gateValue(gate({ status: 'not evaluated', reason: 'no baseline' }))).toBe(
      'not evaluated: no baseline',
    );
    expect(gateValue(gate({ status: 'not applicable' }))).toBe('not applicable: ');
    expect(gateRule(gate({ max: 0.99 }))).toBe('≥ 0.9 and ≤ 0.99');
    expect(gateRule(gate({ min: undefined, max: 5 }))).toBe('≤ 5');
    expect(gateRule(gate({ min: undefined, rule: 'max_drop 0.01' }))).toBe('max_drop 0.01');
    expect(gateRule(gate({ min: undefined }))).toBe('');
  });

  it('every gate with its mark, value, rule and mode; accepted ones marked; nothing without gates', () => {
    expect(renderGates([])).toEqual([]);
    const [md] = renderGates([
      gate(),
      gate({ status: 'pass', value: 0.95 }),
      gate({ status: 'missing', value: null, mode: 'warn' }),
      gate({ status: 'not applicable', reason: 'no labels', mode: 'info' }),
      gate({ status: 'not evaluated', reason: 'no baseline' }),
      gate({ accepted: true }),
    ]);
    expect(md?.split('\n')).toEqual([
      '|  | metric | suite | model | value | rule | mode |',
      '| :--- | :--- | :--- | :--- | ---: | :--- | :--- |',
      '| ❌ | `accuracy` | `digits-eval` | `digits-v2` | 0.5 | ≥ 0.9 | block |',
      '| ✅ | `accuracy` | `digits-eval` | `digits-v2` | 0.95 | ≥ 0.9 | block |',
      '| ⚠️ | `accuracy` | `digits-eval` | `digits-v2` | not measured | ≥ 0.9 | warn |',
      '| ➖ | `accuracy` | `digits-eval` | `digits-v2` | not applicable: no labels | ≥ 0.9 | info |',
      '| ⚪ | `accuracy` | `digits-eval` | `digits-v2` | not evaluated: no baseline | ≥ 0.9 | block |',
      '| ☑️ | `accuracy` | `digits-eval` | `digits-v2` | 0.5 | ≥ 0.9 | block (accepted) |',
    ]);
  });

  it('suites: dataset line, models table, exclusions, agreement rows, latency details for ONNX and endpoints', () => {
    const onnx = model('a', {}, { threads: { intraOp: 2, interOp: 1 }, batched: false, batchSize: 1 });
    const http = model('b', {}, { threads: undefined, endpoint: 'http://x/predict', concurrency: 4 });
    const plain = model('c', {}, { threads: undefined, endpoint: undefined });
    const r = results([
      suite([onnx, http, plain], {
        name: 'img',
        dataset: { kind: 'synthetic', source: 'float32[1,3]', samples: 8, seed: 7 },
        excluded: [{ model: 'txt', reason: 'needs text' }],
        agreement: [
          {
            a: 'a',
            b: 'b',
            samples: 8,
            top1: 0.875,
            outputs: [
              { name: 'logits', maxAbsDiff: 0.25, meanAbsDiff: 0.01 },
              { name: 'probs', maxAbsDiff: 0.5, meanAbsDiff: 0.02 },
            ],
          },
        ],
      }),
      suite([model('d')]),
    ]);
    const lines = renderSuites(r);
    expect(lines.slice(0, 3)).toEqual([
      '### Suite `img`',
      '',
      '8 samples from synthetic `float32[1,3]` (seed 7).',
    ]);
    expect(lines).toContain('Not run in this suite: txt, needs text.');
    expect(lines).toContain('**Output agreement** (label-free, same inputs)');
    const agreement = lines[lines.indexOf('**Output agreement** (label-free, same inputs)') + 2]?.split('\n');
    expect(agreement).toEqual([
      '| models | top-1 agreement | output | max abs diff | mean abs diff |',
      '| :--- | ---: | :--- | ---: | ---: |',
      '| `a` vs `b` | 87.5% | `logits` | 0.25 | 0.01 |',
      '|  |  | `probs` | 0.5 | 0.02 |',
    ]);
    expect(lines).toContain(
      '- `a`: p50 1.50 ms, p99 5.00 ms, batch 1 (per sample), 2 intra-op threads, 3 warm-up runs excluded',
    );
    expect(lines).toContain(
      '- `b`: p50 1.50 ms, p99 5.00 ms, endpoint http://x/predict, one request per row, 4 in flight (request to last byte)',
    );
    expect(lines).toContain(
      '- `c`: p50 1.50 ms, p99 5.00 ms, endpoint models/c.onnx, one request per row, 1 in flight (request to last byte)',
    );
    expect(lines).toContain('### Suite `digits-eval`');
    expect(lines[lines.indexOf('### Suite `digits-eval`') - 1]).toBe('');
    expect(lines).toContain('200 samples from `data/eval.jsonl`.');
    expect(lines.at(-1)).toBe('</details>');
    expect(renderSuites(results([suite([model('d')])])).join('\n')).not.toMatch(
      /Not run|agreement|quantization/,
    );
  });
  it('suites: the int8 model against the one it was quantized from', () => {
    const base = model('fp32', { sizeBytes: 4096, accuracy: 0.9 });
    const q = model('int8', { sizeBytes: 1024, accuracy: 0.89 }, { quantizedFrom: 'fp32' });
    const lines = renderSuites(results([suite([base, q])]));
    const at = lines.indexOf('**Int8 weight quantization**');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 2]).toMatch(
      /^- int8 vs fp32: size 4\.0 KiB → 1\.0 KiB \(.*\), accuracy 90\.0% → 89\.0% \(−1\.0 pp\), mean latency/,
    );
  });
});

describe('suite sections: paragraphs and wording', () => {
  it('each block is its own paragraph; a batched single-thread model says "batch 16, 1 intra-op thread"', () => {
    const base = model('fp32', { sizeBytes: 4096, accuracy: 0.9 });
    const q = model('int8', { sizeBytes: 1024, accuracy: 0.9 }, { quantizedFrom: 'fp32' });
    const agreement = [
      {
        a: 'fp32',
        b: 'int8',
        samples: 8,
        top1: 1,
        outputs: [{ name: 'logits', maxAbsDiff: 0.25, meanAbsDiff: 0.01 }],
      },
    ];
    const r = results([suite([base, q], { excluded: [{ model: 'txt', reason: 'needs text' }], agreement })]);
    expect(renderSuites(r)).toEqual([
      '### Suite `digits-eval`',
      '',
      '200 samples from `data/eval.jsonl`.',
      '',
      expect.stringMatching(/^\| model \| mean latency \|/),
      '',
      'Not run in this suite: txt, needs text.',
      '',
      '**Int8 weight quantization**',
      '',
      '- int8 vs fp32: size 4.0 KiB → 1.0 KiB (−75.0%), accuracy 90.0% → 90.0% (±0 pp), mean latency 2.00 ms → 2.00 ms (±0)',
      '',
      '**Output agreement** (label-free, same inputs)',
      '',
      expect.stringMatching(/^\| models \| top-1 agreement \|/),
      '',
      '<details><summary>Latency details</summary>',
      '',
      '- `fp32`: p50 1.50 ms, p99 5.00 ms, batch 16, 1 intra-op thread, 3 warm-up runs excluded',
      '- `int8`: p50 1.50 ms, p99 5.00 ms, batch 16, 1 intra-op thread, 3 warm-up runs excluded',
      '',
      '</details>',
    ]);
  });
});
