import { describe, expect, it } from 'vitest';
import { renderLlmMarkdown, renderLlmTerminal } from '../src/report/llm.js';
import { endpoint, failing, metrics, onnx, suite } from './llm-factories.js';

const mixed = () =>
  suite(
    [
      endpoint('glm-4', {
        cases: [
          failing('c1'),
          failing('c2', {
            status: 'error',
            runs: [{ status: 'error', score: 0, output: '', error: 'HTTP 500', assertions: [] }],
          }),
          { ...failing('c3'), status: 'pass', passRate: 1 },
        ],
      }),
      endpoint('chatglm3', {
        price: undefined,
        breaker: { openedAfter: 3, reason: 'HTTP 503', notSent: 2 },
        metrics: metrics({
          costUsd: null,
          memoryMiB: 2048,
          usage: { promptTokens: 10, completionTokens: 5, unknown: 2 },
          passRate: null,
          latency: null,
          retries: 2,
          throttled: 1,
          cache: { hits: 1, misses: 3 },
          sources: { network: 3, cache: 1, replay: 0 },
          consistency: 0.5,
        }),
      }),
      onnx('local'),
    ],
    {
      excluded: [{ model: 'gpt', reason: 'no key' }],
      skippedAssertions: [{ type: 'llm-rubric', reason: 'no grader', count: 4 }],
      similarity: 'bag of words',
      cassette: { mode: 'replay', dir: 'cassettes' },
      repeat: 3,
      repeatThreshold: 0.67,
    },
  );

describe('LLM suites in the markdown report', () => {
  it('a mixed suite: header, one row per model, sources, notes, breaker, failing cases, determinism', () => {
    const md = renderLlmMarkdown([mixed()]).split('\n');
    expect(md.slice(0, 8)).toEqual([
      '### LLM suite `qa`',
      '',
      '4 cases from `evals/qa.yaml` x 3 models (2 endpoint, 1 local ONNX). Replayed from cassettes in `cassettes` (no network). Each case asked 3 times; a case passes when 67.0% of its repeats pass.',
      '',
      '| model | pass rate | passed | mean latency | p95 | TTFT p50 | TTFT p95 | tokens/s | tokens in/out | cost | memory |',
      '| :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| `glm-4` | 75.0% | 3/4 | 120 ms | 250 ms | 20.00 ms | 45.00 ms | 42.5 | 100/50 | $0.004 | n/a |',
      '| `chatglm3` | n/a | 3/4 | n/a | n/a | 20.00 ms | 45.00 ms | 42.5 | 10/5 (+2 unknown) | n/a | 2048 MiB |',
    ]);
    expect(md).toContain(
      '| `local` | 75.0% | 3/4 | 120 ms | 250 ms | n/a | n/a | n/a | n/a | n/a | 12 MiB |',
    );
    expect(md).toContain(
      'Answers: 7 from the servers, 1 from the response cache (1 hits, 3 misses), 4 computed by local ONNX models; 2 retries, 1 throttled (429/503).',
    );
    expect(md).toContain('Not run in this suite: gpt, no key.');
    expect(md).toContain('Cost is n/a for chatglm3: the config sets no price for it.');
    expect(md).toContain(
      "Memory of an endpoint model is its server's resident memory from /metrics (vLLM, TGI); n/a where the server does not report it.",
    );
    expect(md).toContain(
      'Local ONNX models: latency is the model alone in this process; memory is the resident memory its session added; no TTFT, tokens or cost.',
    );
    expect(md).toContain(
      '> ⚠️ `chatglm3`: the circuit breaker opened after 3 consecutive failures; 2 case(s) were not sent. Last error: HTTP 503',
    );
    expect(md).toContain('Not graded (reported, never counted as passed): `llm-rubric` x4 (no grader).');
    expect(md).toContain('`similar` scored by bag of words.');
    const at = md.indexOf('<details><summary>Failing cases (2)</summary>');
    expect(md.slice(at + 1, at + 8)).toEqual([
      '',
      '| model | case | why |',
      '| :--- | :--- | :--- |',
      '| `glm-4` | `c1` | contains: expected "4" |',
      '| `glm-4` | `c2` | HTTP 500 |',
      '',
      '</details>',
    ]);
    expect(md.slice(-7)).toEqual([
      '<details><summary>Assertions and determinism</summary>',
      '',
      '- `glm-4` (vllm, openai, concurrency 2): `contains` 3/4. Determinism: temperature 0, seed 1.',
      '- `chatglm3` (vllm, openai, concurrency 2): `contains` 3/4; paraphrase consistency 50.0%. Determinism: temperature 0, seed 1.',
      '- `local` (local ONNX classifier, models/m.onnx, onnx): `contains` 3/4. Determinism: temperature 0, seed 1.',
      '',
      '</details>',
    ]);
  });

  it('a plain endpoint suite: no cassette, repeat or ONNX text; cost in dollars and cents; no failing cases', () => {
    const one = endpoint('glm-4', {
      metrics: metrics({
        costUsd: 1.234,
        assertions: [{ type: 'equals', passed: 0, graded: 0, skipped: 1 }],
      }),
    });
    const md = renderLlmMarkdown([suite([one], { cases: { source: 'q.yaml', sha256: '', count: 1 } })]);
    expect(md).toContain('\n1 case from `q.yaml` x 1 endpoint model.\n');
    expect(md).toContain('| 100/50 | $1.23 | n/a |');
    expect(md).toContain('\nAnswers: 4 from the servers; 0 retries, 0 throttled (429/503).\n');
    expect(md).toContain('- `glm-4` (vllm, openai, concurrency 2): no graded assertions. Determinism:');
    expect(md).not.toMatch(
      /Failing cases|Cost is n\/a|Memory of an endpoint|Local ONNX|Not graded|similar|Not run/,
    );
    const two = renderLlmMarkdown([
      suite([one, endpoint('b')], { cassette: { mode: 'record', dir: 'tapes' } }),
    ]);
    expect(two).toContain('4 cases from `evals/qa.yaml` x 2 endpoint models. Recorded to `tapes`.\n');
  });

  it('answers: replayed or cached only, or none; the network figures only when a server was asked', () => {
    const replayed = endpoint('a', { metrics: metrics({ sources: { network: 0, cache: 0, replay: 4 } }) });
    expect(renderLlmMarkdown([suite([replayed])])).toContain('\nAnswers: 4 replayed from cassettes.\n');
    const cached = endpoint('a', {
      metrics: metrics({ sources: { network: 0, cache: 0, replay: 0 }, cache: { hits: 0, misses: 2 } }),
    });
    expect(renderLlmMarkdown([suite([cached])])).toContain(
      '\nAnswers: 0 from the response cache (0 hits, 2 misses).\n',
    );
    const nothing = endpoint('a', {
      metrics: metrics({ sources: { network: 0, cache: 0, replay: 0 }, retries: 1 }),
    });
    expect(renderLlmMarkdown([suite([nothing])])).toContain(
      '\nAnswers: none; 1 retries, 0 throttled (429/503).\n',
    );
    const hits = endpoint('a', {
      metrics: metrics({ sources: { network: 0, cache: 2, replay: 0 }, cache: { hits: 2, misses: 0 } }),
    });
    expect(renderLlmMarkdown([suite([hits])])).toContain(
      '\nAnswers: 2 from the response cache (2 hits, 0 misses).\n',
    );
  });

  it('cost note names every unpriced endpoint model, unless none is priced; ONNX-only suites', () => {
    const md = renderLlmMarkdown([
      suite([endpoint('a', { price: undefined }), endpoint('b', { price: undefined }), endpoint('c')]),
    ]);
    expect(md).toContain('Cost is n/a for a, b: the config sets no price for them.');
    const none = renderLlmMarkdown([suite([endpoint('a', { price: undefined })])]);
    expect(none).not.toContain('Cost is n/a');
    const local = renderLlmMarkdown([suite([onnx('x'), onnx('y')])]);
    expect(local).toContain('x 2 local ONNX models.');
    expect(local).not.toContain('Cost is n/a');
    expect(local).not.toContain('Memory of an endpoint');
    expect(renderLlmMarkdown([suite([onnx('x')])])).toContain('x 1 local ONNX model.');
  });

  it('failing cases: repeats summarised, the first ten shown, the reason cut at 300 characters', () => {
    const cases = Array.from({ length: 12 }, (_, i) =>
      failing(`c${i}`, {
        passRate: 1 / 3,
        runs: [
          { status: 'pass', score: 1, output: '', assertions: [] },
          { status: 'fail', score: 0, output: '', error: 'x'.repeat(400), assertions: [] },
          { status: 'fail', score: 0, output: '', assertions: [] },
        ],
      }),
    );
    const md = renderLlmMarkdown([suite([endpoint('a', { cases })])]).split('\n');
    expect(md).toContain(
      '<details><summary>Failing cases (first 10 of 12; all in the results document)</summary>',
    );
    expect(md).toContain(`| \`a\` | \`c0\` | 33.3% of repeats passed; ${'x'.repeat(300 - 25)} |`);
    expect(md.filter((l) => l.startsWith('| `a` | `c'))).toHaveLength(10);
    const ten = renderLlmMarkdown([suite([endpoint('a', { cases: cases.slice(0, 10) })])]);
    expect(ten).toContain('<details><summary>Failing cases (10)</summary>');
    // A run without an error names its failing graded assertions only.
    const noRuns = renderLlmMarkdown([suite([endpoint('a', { cases: [failing('c', { runs: [] })] })])]);
    expect(noRuns).toContain('| `a` | `c` |  |');
  });
});

describe('LLM suites in the terminal', () => {
  it('the same table as aligned text, then sources, notes, warnings and failing cases', () => {
    const text = renderLlmTerminal([mixed()]).split('\n');
    expect(text.slice(0, 7)).toEqual([
      'LLM suite qa: 4 cases from evals/qa.yaml x 3 models (2 endpoint, 1 local ONNX). Replayed from cassettes in cassettes (no network). Each case asked 3 times; a case passes when 67.0% of its repeats pass.',
      '',
      'model     pass rate  passed  mean latency     p95  TTFT p50  TTFT p95  tokens/s      tokens in/out    cost    memory',
      '--------  ---------  ------  ------------  ------  --------  --------  --------  -----------------  ------  --------',
      'glm-4         75.0%     3/4        120 ms  250 ms  20.00 ms  45.00 ms      42.5             100/50  $0.004       n/a',
      'chatglm3        n/a     3/4           n/a     n/a  20.00 ms  45.00 ms      42.5  10/5 (+2 unknown)     n/a  2048 MiB',
      'local         75.0%     3/4        120 ms  250 ms       n/a       n/a       n/a                n/a     n/a    12 MiB',
    ]);
    expect(text.slice(8)).toEqual([
      'Answers: 7 from the servers, 1 from the response cache (1 hits, 3 misses), 4 computed by local ONNX models; 2 retries, 1 throttled (429/503).',
      'Not run in this suite: gpt, no key.',
      'Cost is n/a for chatglm3: the config sets no price for it.',
      "Memory of an endpoint model is its server's resident memory from /metrics (vLLM, TGI); n/a where the server does not report it.",
      'Local ONNX models: latency is the model alone in this process; memory is the resident memory its session added; no TTFT, tokens or cost.',
      'WARN chatglm3: circuit breaker opened after 3 consecutive failures; 2 case(s) not sent (HTTP 503)',
      'Not graded: llm-rubric x4 (no grader)',
      'similar scored by bag of words',
      'Failing cases:',
      '  glm-4 c1: contains: expected "4"',
      '  glm-4 c2: HTTP 500',
      '',
    ]);
  });

  it('at most five failing cases, each reason cut at 160 characters; nothing when all pass', () => {
    const cases = Array.from({ length: 6 }, (_, i) =>
      failing(`c${i}`, {
        runs: [{ status: 'error', score: 0, output: '', error: 'y'.repeat(200), assertions: [] }],
      }),
    );
    const text = renderLlmTerminal([suite([endpoint('a', { cases })])]);
    expect(text).toContain('Failing cases (first 5 of 6; the report lists more):\n');
    expect(text).toContain(`  a c4: ${'y'.repeat(160)}\n`);
    expect(text).not.toContain(' c5:');
    expect(renderLlmTerminal([suite([endpoint('a', { cases: cases.slice(0, 5) })])])).toContain(
      'Failing cases:\n',
    );
    const clean = renderLlmTerminal([suite([endpoint('a')])]);
    expect(clean).not.toContain('Failing');
    expect(clean.endsWith('0 retries, 0 throttled (429/503).\n')).toBe(true);
  });
});

describe('LLM suites: layout and the finer details', () => {
  it('every block after the table is its own paragraph, in order, in markdown and on the terminal', () => {
    const md = renderLlmMarkdown([mixed()]).split('\n');
    expect(md.slice(9, 27)).toEqual([
      '',
      'Answers: 7 from the servers, 1 from the response cache (1 hits, 3 misses), 4 computed by local ONNX models; 2 retries, 1 throttled (429/503).',
      '',
      'Not run in this suite: gpt, no key.',
      '',
      'Cost is n/a for chatglm3: the config sets no price for it.',
      '',
      "Memory of an endpoint model is its server's resident memory from /metrics (vLLM, TGI); n/a where the server does not report it.",
      '',
      'Local ONNX models: latency is the model alone in this process; memory is the resident memory its session added; no TTFT, tokens or cost.',
      '',
      '> ⚠️ `chatglm3`: the circuit breaker opened after 3 consecutive failures; 2 case(s) were not sent. Last error: HTTP 503',
      '',
      'Not graded (reported, never counted as passed): `llm-rubric` x4 (no grader).',
      '',
      '`similar` scored by bag of words.',
      '',
      '<details><summary>Failing cases (2)</summary>',
    ]);
    expect(md.slice(32, 36)).toEqual([
      '',
      '</details>',
      '',
      '<details><summary>Assertions and determinism</summary>',
    ]);
    const text = renderLlmTerminal([mixed()]).split('\n');
    expect(text.slice(6, 9)).toEqual([
      'local         75.0%     3/4        120 ms  250 ms       n/a       n/a       n/a                n/a     n/a    12 MiB',
      '',
      'Answers: 7 from the servers, 1 from the response cache (1 hits, 3 misses), 4 computed by local ONNX models; 2 retries, 1 throttled (429/503).',
    ]);
  });

  it('a model name with a pipe stays in its cell; errors count in the total; lists joined with commas', () => {
    const m = endpoint('a|b', {
      metrics: metrics({
        passed: 2,
        failed: 1,
        errors: 2,
        assertions: [
          { type: 'contains', passed: 3, graded: 4, skipped: 0 },
          { type: 'equals', passed: 1, graded: 2, skipped: 0 },
        ],
      }),
    });
    const skippedAssertions = [
      { type: 'llm-rubric', reason: 'no grader', count: 4 },
      { type: 'similar', reason: 'no embedder', count: 1 },
    ];
    const md = renderLlmMarkdown([suite([m], { skippedAssertions })]);
    expect(md).toContain('\n| `a\\|b` | 75.0% | 2/5 |');
    expect(md).toContain(
      '\nNot graded (reported, never counted as passed): `llm-rubric` x4 (no grader), `similar` x1 (no embedder).\n',
    );
    expect(md).toContain(
      '\n- `a|b` (vllm, openai, concurrency 2): `contains` 3/4, `equals` 1/2. Determinism:',
    );
    expect(renderLlmTerminal([suite([m], { skippedAssertions })])).toContain(
      '\nNot graded: llm-rubric x4 (no grader), similar x1 (no embedder)\n',
    );
  });

  it('answers from the cache are counted when only hits or only cached answers are known', () => {
    const hitsOnly = endpoint('a', {
      metrics: metrics({ sources: { network: 0, cache: 0, replay: 0 }, cache: { hits: 1, misses: 0 } }),
    });
    expect(renderLlmMarkdown([suite([hitsOnly])])).toContain(
      '\nAnswers: 0 from the response cache (1 hits, 0 misses).\n',
    );
    const cachedOnly = endpoint('a', {
      metrics: metrics({ sources: { network: 0, cache: 2, replay: 0 }, cache: { hits: 0, misses: 0 } }),
    });
    expect(renderLlmMarkdown([suite([cachedOnly])])).toContain(
      '\nAnswers: 2 from the response cache (0 hits, 0 misses).\n',
    );
  });

  it('why a case failed: the first errored run after a passing one; every failing graded assertion', () => {
    const cases = [
      failing('e', {
        runs: [
          { status: 'pass', score: 1, output: '', assertions: [] },
          { status: 'error', score: 0, output: '', error: 'HTTP 502', assertions: [] },
        ],
      }),
      failing('f', {
        runs: [
          {
            status: 'fail',
            score: 0,
            output: '',
            assertions: [
              { type: 'contains', pass: false, score: 0, reason: 'no "4"', weight: 1 },
              { type: 'equals', pass: false, score: 0, reason: 'not 4', weight: 1 },
            ],
          },
        ],
      }),
    ];
    const md = renderLlmMarkdown([suite([endpoint('a', { cases })])]);
    expect(md).toContain('\n| `a` | `e` | 0.0% of repeats passed; HTTP 502 |\n');
    expect(md).toContain('\n| `a` | `f` | contains: no "4"; equals: not 4 |\n');
  });

  it('an ONNX model without a path leaves the path empty', () => {
    const { path: _, ...noPath } = onnx('x');
    expect(renderLlmMarkdown([suite([noPath])])).toContain('\n- `x` (local ONNX classifier, , onnx): ');
  });
});
