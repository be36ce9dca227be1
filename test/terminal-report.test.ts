import { describe, expect, it } from 'vitest';
import { renderCoverageTerminal } from '../src/report/coverage.js';
import { renderLlmTerminal } from '../src/report/llm.js';
import { renderTerminal, verdictLine } from '../src/report/terminal.js';
import { renderTestgenTerminal } from '../src/report/testgen.js';
import type { Finding } from '../src/results/comparison.js';
import type { CoverageResult } from '../src/results/coverage.js';
import type { GateOutcome, Results } from '../src/results/schema.js';
import { model, results, suite, testgenResult } from './factories.js';
import { endpoint, suite as llmSuite } from './llm-factories.js';

const finding = (over: Partial<Finding> = {}): Finding => ({
  suite: 'digits-eval',
  model: 'digits-v2',
  metric: 'accuracy',
  base: 0.92,
  current: 0.88,
  delta: -0.04,
  worsening: 0.04 / 0.92,
  outcome: 'regression',
  method: 'paired',
  reason: 'paired test',
  mode: 'block',
  severity: 5,
  ...over,
});

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

describe('terminal output', () => {
  it('verdict line: what drove it, three named then a count, control characters replaced', () => {
    const r = (findings: Finding[]): Results => ({
      ...results([]),
      verdict: 'regression',
      comparison: { notes: [], findings, outcome: 'regression' },
    });
    expect(verdictLine(r([finding({ metric: 'a\u001b[31m' })]))).toBe(
      'Verdict: regression — a?[31m of digits-v2 −4.3%',
    );
    const four = ['a', 'b', 'c', 'd'].map((metric) => finding({ metric }));
    expect(verdictLine(r(four))).toBe(
      'Verdict: regression — a of digits-v2 −4.3%; b of digits-v2 −4.3%; c of digits-v2 −4.3%; and 1 more',
    );
    expect(verdictLine(r(four.slice(0, 3)))).not.toContain('more');
    expect(verdictLine(results([]))).toBe('Verdict: pass');
  });

  it('suites, exclusions, quantization, agreement; gates that did not pass; the summary last', () => {
    const fp = model('fp32', { sizeBytes: 4096 });
    const q = model('int8', { sizeBytes: 1024 }, { quantizedFrom: 'fp32' });
    const r: Results = {
      ...results(
        [
          suite([fp, q], {
            name: 'img\u0007',
            dataset: { kind: 'jsonl', source: 'data/x.jsonl', samples: 5 },
            excluded: [{ model: 'txt', reason: 'needs text' }],
            agreement: [
              {
                a: 'fp32',
                b: 'int8',
                samples: 5,
                top1: 0.8,
                outputs: [
                  { name: 'logits', maxAbsDiff: 0.1234, meanAbsDiff: 0.01 },
                  { name: 'probs', maxAbsDiff: 0.5, meanAbsDiff: 0.25 },
                ],
              },
            ],
          }),
        ],
        [
          gate({ metric: 'top1', status: 'pass' }),
          gate(),
          gate({ metric: 'f1', mode: 'warn', min: undefined, max: 0.5, value: 0.75 }),
          gate({ metric: 'mae', status: 'missing', value: null, reason: 'no model reports mae' }),
          gate({ metric: 'rmse', status: 'missing', value: null, min: undefined, rule: 'max_increase 0.1' }),
          gate({ metric: 'cos', status: 'not evaluated', reason: 'no baseline' }),
          gate({ metric: 'top5', status: 'not applicable', reason: 'no labels', mode: 'info' }),
        ],
      ),
    };
    const lines = renderTerminal(r).split('\n');
    expect(lines[0]).toBe('Suite img?: 5 samples (data/x.jsonl)');
    expect(lines).toContain('Not run in this suite: txt, needs text.');
    expect(lines.find((l) => l.startsWith('int8 vs fp32: size 4.0 KiB → 1.0 KiB (−75.0%)'))).toBeDefined();
    expect(lines[lines.indexOf('Output agreement:') - 1]).toBe('');
    expect(lines).toContain(
      '  fp32 vs int8: top-1 80.0%; logits max|Δ| 0.123 mean|Δ| 0.01; probs max|Δ| 0.5 mean|Δ| 0.25',
    );
    const gates = lines.filter((l) => /^(FAIL|WARN|MISSING|NOT EVALUATED|N\/A) gate /.test(l));
    expect(gates).toEqual([
      'FAIL gate accuracy digits-eval/digits-v2: 0.5 (min 0.9) [block]',
      'WARN gate f1 digits-eval/digits-v2: 0.75 (max 0.5) [warn]',
      'MISSING gate mae digits-eval/digits-v2: no model reports mae (min 0.9) [block]',
      'MISSING gate rmse digits-eval/digits-v2: not measured (max_increase 0.1) [block]',
      'NOT EVALUATED gate cos digits-eval/digits-v2: no baseline (min 0.9) [block]',
      'N/A gate top5 digits-eval/digits-v2: no labels (min 0.9) [info]',
    ]);
    expect(lines.slice(-3)).toEqual([
      'Gates: 1 gate passed, 2 failed, 2 not measured, 1 not evaluated: cos min 0.9 (no baseline)',
      // A missing relative gate is named with its rule (it read "(gate )").
      'Verdict: regression — accuracy of digits-v2 0.5 (gate min 0.9); mae of digits-v2 not measured (gate min 0.9); rmse of digits-v2 not measured (gate max_increase 0.1); and 1 more',
      '',
    ]);
  });

  it('a suite: its line, a blank line, the table with numbers right-aligned, a blank line before the quantization line', () => {
    const fp = model('fp32', { sizeBytes: 4096 });
    const q = model('int8-long-name', { sizeBytes: 1024 }, { quantizedFrom: 'fp32' });
    expect(renderTerminal(results([suite([fp, q])])).split('\n')).toEqual([
      'Suite digits-eval: 200 samples (data/eval.jsonl)',
      '',
      'model           mean latency      p95   memory     size  throughput      load',
      '--------------  ------------  -------  -------  -------  ----------  --------',
      'fp32                 2.00 ms  4.00 ms  3.5 MiB  4.0 KiB       500/s  12.00 ms',
      'int8-long-name       2.00 ms  4.00 ms  3.5 MiB  1.0 KiB       500/s  12.00 ms',
      '',
      'int8-long-name vs fp32: size 4.0 KiB → 1.0 KiB (−75.0%), mean latency 2.00 ms → 2.00 ms (±0)',
      '',
      'Gates: no gate was evaluated: none is configured',
      'Verdict: pass',
      '',
    ]);
  });

  it('a plain run: the table, a blank line, the gate summary and verdict; the comparison when there is one', () => {
    const text = renderTerminal(results([suite([model('a')])]));
    expect(text.split('\n').slice(-4)).toEqual([
      '',
      'Gates: no gate was evaluated: none is configured',
      'Verdict: pass',
      '',
    ]);
    expect(text).not.toMatch(/Output agreement|Not run|Baseline:/);
    const compared = renderTerminal({
      ...results([]),
      comparison: { notes: ['n'], findings: [], outcome: 'no change' },
    });
    expect(compared).toBe(
      'Baseline: none\n  note: n\n\nGates: no gate was evaluated: none is configured\nVerdict: pass\n',
    );
  });

  it('LLM, coverage and generated-tests sections in that order, each trimmed, a blank line after each, control characters replaced', () => {
    const coverage: CoverageResult = {
      inputs: [{ file: 'lcov.info', format: 'lcov', entries: 1 }],
      totals: {
        lines: { covered: 1, total: 2 },
        statements: { covered: 1, total: 2 },
        functions: { covered: 0, total: 0 },
        branches: { covered: 0, total: 0 },
      },
      files: [],
      ignored: { count: 0, files: [] },
      notices: ['file src/\u001b[2Ja.js'],
    };
    const testgen = testgenResult({
      base: 'main',
      behaviourChanges: [{ file: 'src/x.ts', function: 'p', call: 'p("\u0007")', base: '1', head: '2' }],
    });
    const llm = [llmSuite([endpoint('glm\u001b[31m')])];
    const r: Results = { ...results([]), llm, coverage, testgen };
    const section = (text: string) => text.trimEnd().split('\n');
    // Each section is rendered by its own module (tested there); here: order, trimming, separation.
    const expected = [
      ...section(renderLlmTerminal(llm)),
      '',
      ...section(renderCoverageTerminal(coverage)),
      '',
      ...section(renderTestgenTerminal(testgen)),
      '',
      'Gates: no gate was evaluated: none is configured',
      'Verdict: pass',
      '',
    ].map((l) => l.replace(/\p{Cc}/gu, '?'));
    const text = renderTerminal(r);
    expect(text.split('\n')).toEqual(expected);
    expect(text).not.toMatch(/\p{Cc}(?<!\n)/u);
    expect(text).toContain('glm?[31m');
    expect(text).toContain('p("?")');
    expect(expected[0]).not.toBe('');
  });
});
