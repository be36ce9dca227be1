import { describe, expect, it } from 'vitest';
import { verdictOf } from '../src/compare/gates.js';
import { headlineText, renderSections, SECTIONS, sectionMarkdown } from '../src/report/sections.js';
import type { BaselineInfo, Finding } from '../src/results/comparison.js';
import type { CoverageResult } from '../src/results/coverage.js';
import type { LlmModelResult, LlmSuiteResult } from '../src/results/llm.js';
import type { GateOutcome, Results } from '../src/results/schema.js';
import type { TestgenResult } from '../src/results/testgen.js';
import { model, results, suite, testgenResult } from './factories.js';

const finding = (over: Partial<Finding>): Finding => ({
  suite: 'digits-eval',
  model: 'digits-v2',
  metric: 'accuracy',
  base: 0.92,
  current: 0.88,
  delta: -0.04,
  worsening: 0.04 / 0.92,
  outcome: 'regression',
  method: 'paired',
  reason: 'r',
  mode: 'block',
  rule: 'max_drop 0.01',
  severity: 5,
  ...over,
});

const gate = (over: Partial<GateOutcome>): GateOutcome => ({
  metric: 'accuracy',
  suite: 'digits-eval',
  model: 'digits-v2',
  value: 0.5,
  min: 0.9,
  mode: 'block',
  status: 'fail',
  ...over,
});

const BASELINE: BaselineInfo = {
  store: 'file',
  matched: 'file',
  location: 'b.json',
  createdAt: '2026-01-01T00:00:00Z',
  ageHours: 2,
};

/** A document with these gates and findings, its verdict computed from them. */
function doc(gates: GateOutcome[], findings?: Finding[], baseline?: BaselineInfo): Results {
  const r = results([suite([model('a'), model('b')])], gates);
  const comparison = findings && { notes: [], findings, outcome: 'no change' as const, baseline };
  return { ...r, comparison, verdict: verdictOf(gates, findings ?? []) };
}

const render = (id: string, r: Results, mode: 'full' | 'comment' = 'full') =>
  SECTIONS.find((s) => s.id === id)?.render({ results: r, mode, title: 'T' });

describe('headline text (check run and notification titles)', () => {
  it('names the first three things that drove the verdict and counts the rest', () => {
    const r = doc(
      [],
      ['m1', 'm2', 'm3', 'm4'].map((metric) => finding({ metric })),
    );
    expect(headlineText(r)).toBe(
      'regression: m1 of digits-v2 −4.3% (gate max_drop 0.01); m2 of digits-v2 −4.3% (gate max_drop 0.01); m3 of digits-v2 −4.3% (gate max_drop 0.01); and 1 more',
    );
    const three = doc(
      [],
      ['m1', 'm2', 'm3'].map((metric) => finding({ metric })),
    );
    expect(headlineText(three)).not.toContain('more');
  });

  it('without named findings: failed info gates, the baseline state and improvements', () => {
    expect(headlineText(doc([gate({ mode: 'info' })]))).toBe('pass: 1 gate failed');
    expect(headlineText(doc([gate({ mode: 'info' }), gate({ mode: 'info', metric: 'f1' })]))).toBe(
      'pass: 2 gates failed',
    );
    expect(headlineText(doc([]))).toBe('pass: no baseline to compare with');
    const better = [finding({ outcome: 'improvement', delta: 0.04 })];
    expect(headlineText(doc([], better, BASELINE))).toBe(
      'pass: no regressions against the baseline, 1 improvement',
    );
    expect(headlineText(doc([], [...better, ...better], BASELINE))).toBe(
      'pass: no regressions against the baseline, 2 improvements',
    );
    expect(headlineText(doc([], [finding({ outcome: 'no change', delta: 0 })], BASELINE))).toBe(
      'pass: no regressions against the baseline',
    );
  });
});

describe('report sections', () => {
  it('header: the failed gates with value and rule, at most three regressions named, the baseline', () => {
    const r = doc(
      [gate({}), gate({ metric: 'f1', value: 0.1, min: 0.2 }), gate({ metric: 'latency', status: 'pass' })],
      ['m1', 'm2', 'm3', 'm4'].map((metric) => finding({ metric })),
      BASELINE,
    );
    const lines = render('header', r)?.lines ?? [];
    expect(lines).toContain(
      '2 gates failed: `accuracy` of `digits-v2` is 0.5, needs ≥ 0.9; `f1` of `digits-v2` is 0.1, needs ≥ 0.2.',
    );
    expect(lines).toContain(
      '**4 regressions** against the baseline: `m1` of `digits-v2` 4.3% worse (block); `m2` of `digits-v2` 4.3% worse (block); `m3` of `digits-v2` 4.3% worse (block); and 1 more.',
    );
    expect(lines.at(-1)).toBe('Compared with a fixed file: 2.0 h old (file store, `b.json`).');
    const one =
      render('header', doc([], [finding({}), finding({ metric: 'f1', accepted: true })]))?.lines ?? [];
    expect(one).toContain(
      '**1 regression** against the baseline: `accuracy` of `digits-v2` 4.3% worse (block).',
    );
    expect(one.join('\n')).not.toContain('gate failed');
    const clean = render('header', doc([gate({ status: 'pass' })]))?.lines ?? [];
    expect(clean).toEqual(['## T: ✅ pass', '', 'Gates: 1 gate passed.']);
    // Blank lines between the paragraphs; three regressions are all named; an info one is not counted.
    const three = doc(
      [gate({})],
      ['m1', 'm2', 'm3'].map((metric) => finding({ metric })).concat(finding({ metric: 'i', mode: 'info' })),
      BASELINE,
    );
    const header = render('header', three)?.lines ?? [];
    expect(header.slice(1)).toEqual([
      '',
      'Gates: 1 gate passed, 4 failed.',
      '',
      '1 gate failed: `accuracy` of `digits-v2` is 0.5, needs ≥ 0.9.',
      '',
      '**3 regressions** against the baseline: `m1` of `digits-v2` 4.3% worse (block); `m2` of `digits-v2` 4.3% worse (block); `m3` of `digits-v2` 4.3% worse (block).',
      '',
      'Compared with a fixed file: 2.0 h old (file store, `b.json`).',
    ]);
  });

  it('findings: the comment keeps the 100 worst rows and says how many more the full report has', () => {
    const many = Array.from({ length: 101 }, (_, i) => finding({ metric: `m${i}` }));
    const comment = render('findings', doc([], many), 'comment')?.lines ?? [];
    expect(comment.filter((l) => l.startsWith('| ❌'))).toHaveLength(100);
    expect(comment).toContain('… and 1 more in the full report.');
    const full = render('findings', doc([], many))?.lines ?? [];
    expect(full.filter((l) => l.startsWith('| ❌'))).toHaveLength(101);
    expect(full.join('\n')).not.toContain('more in the full report');
    expect(full.slice(0, 3)).toEqual(['### Regressions and improvements', '', 'Overall: **no change**.']);
    const two = render(
      'findings',
      doc(
        [],
        [
          finding({ reason: 'worse on 9 samples' }),
          finding({ metric: 'f1', outcome: 'improvement', reason: 'better' }),
        ],
      ),
      'comment',
    )?.lines;
    expect(two).toEqual([
      '### Regressions and improvements',
      '',
      'Overall: **no change**.',
      '',
      '| | metric | model | base | head | change | confidence | gate |',
      '| :--- | :--- | :--- | ---: | ---: | ---: | :--- | :--- |',
      '| ❌ regression (block) | `accuracy` | `digits-v2` | 0.92 | 0.88 | 4.3% worse | paired | max\\_drop 0.01, block |',
      '| 🟢 improvement (block) | `f1` | `digits-v2` | 0.92 | 0.88 | 4.3% worse | paired | max\\_drop 0.01, block |',
      '',
      '<details><summary>Why</summary>',
      '',
      '- `digits-v2` `accuracy`: worse on 9 samples',
      '- `digits-v2` `f1`: better',
      '',
      '</details>',
    ]);
    const cut = render('findings', doc([], many), 'comment')?.lines ?? [];
    expect(
      cut.slice(
        cut.indexOf('… and 1 more in the full report.') - 1,
        cut.indexOf('… and 1 more in the full report.') + 3,
      ),
    ).toEqual(['', '… and 1 more in the full report.', '', '<details><summary>Why</summary>']);
    const hundred = render('findings', doc([], many.slice(0, 100)), 'comment')?.lines ?? [];
    expect(hundred.join('\n')).not.toContain('more in the full report');
    expect(render('findings', doc([], [finding({ outcome: 'no change', delta: 0 })]))).toBeUndefined();
    expect(render('findings', doc([]))).toBeUndefined();
  });

  it('waivers: who accepted what, when, why, and the findings it covered', () => {
    const r: Results = {
      ...doc([]),
      waivers: [
        {
          target: 'accuracy',
          by: 'bob',
          at: '2026-01-02',
          reason: 'known',
          findings: ['a accuracy', 'b accuracy'],
        },
        { target: 'all', by: 'al', at: '2026-01-03', findings: [] },
      ],
    };
    expect(render('waivers', r)?.lines).toEqual([
      '### Accepted for this pull request',
      '',
      '- `accuracy` accepted by `@\u2060bob` at 2026-01-02: known (`a accuracy`, `b accuracy`)',
      '- `all` accepted by `@\u2060al` at 2026-01-03 (no current finding)',
    ]);
    expect(render('waivers', { ...r, waivers: [] })).toBeUndefined();
    expect(render('waivers', doc([]))).toBeUndefined();
  });

  it('fold summaries count what each section holds', () => {
    const r = doc([
      gate({}),
      gate({ metric: 'latency', status: 'pass' }),
      gate({ metric: 'f1', status: 'missing' }),
    ]);
    expect(render('suites', r)?.summary).toBe('Models side by side: 2 models in 1 suite');
    expect(render('gates', r)?.summary).toBe('Gates: 1 of 3 pass');
    expect(render('gates', r)?.lines.slice(0, 2)).toEqual(['### Gates', '']);
    expect(render('gates', doc([]))).toBeUndefined();
    expect(render('suites', { ...r, suites: [] })).toBeUndefined();
    const single = { ...r, suites: [suite([model('a')])] };
    expect(render('suites', single)?.summary).toBe('Models side by side: 1 model in 1 suite');
  });

  it('coverage: the patch figure in the summary when lines changed', () => {
    const coverage: CoverageResult = {
      inputs: [],
      totals: {
        lines: { covered: 1, total: 2 },
        statements: { covered: 1, total: 2 },
        functions: { covered: 0, total: 0 },
        branches: { covered: 0, total: 0 },
      },
      files: [],
      ignored: { count: 0, files: [] },
      notices: [],
    };
    const patch = {
      base: 'main',
      mergeBase: 'a'.repeat(40),
      head: 'b'.repeat(40),
      lines: { covered: 3, total: 4 },
      files: [],
      notInReport: [],
    };
    expect(render('coverage', { ...doc([]), coverage })?.summary).toBe('Coverage');
    const withPatch = render('coverage', { ...doc([]), coverage: { ...coverage, patch } });
    expect(withPatch?.summary).toBe('Coverage: patch 3/4 changed lines covered');
    expect(withPatch?.lines[0]?.startsWith('### Coverage\n')).toBe(true);
    const empty = { ...patch, lines: { covered: 0, total: 0 } };
    expect(render('coverage', { ...doc([]), coverage: { ...coverage, patch: empty } })?.summary).toBe(
      'Coverage',
    );
    expect(render('coverage', doc([]))).toBeUndefined();
  });

  it('trend: the number of runs in the summary', () => {
    const points = [
      { label: 'a', value: 1 },
      { label: 'b', value: 2 },
    ];
    const r = doc([]);
    const withTrend: Results = {
      ...r,
      comparison: {
        notes: [],
        findings: [],
        outcome: 'no change',
        trend: [{ suite: 's', model: 'm', metric: 'accuracy', points }],
      },
    };
    const t = render('trend', withTrend);
    expect(t?.summary).toBe('Trend over the stored history (2 runs)');
    expect(t?.lines.slice(0, 3)).toEqual(['### Trend', '', '`m` `accuracy` over the last 2 runs:']);
    expect(
      render('trend', {
        ...withTrend,
        comparison: { notes: [], findings: [], outcome: 'no change', trend: [] },
      }),
    ).toBeUndefined();
  });

  it('notes: one quote, paragraphs apart, escaped', () => {
    const r: Results = {
      ...doc([]),
      comparison: { notes: ['n1', '@x n2'], findings: [], outcome: 'no change' },
    };
    expect(render('notes', r)?.lines).toEqual(['> n1', '>', '> @\u2060x n2']);
    expect(render('notes', doc([], []))).toBeUndefined();
  });

  it('metrics not judged: folded, one reason line per model and outcome', () => {
    const list = [
      finding({ outcome: 'not compared', metric: 'x', reason: 'no baseline value' }),
      finding({ outcome: 'not compared', metric: 'y', reason: 'no baseline value' }),
      finding({ outcome: 'inconclusive', metric: 'z', mode: 'info', reason: 'too few samples' }),
    ];
    const u = render('unjudged', doc([], list));
    expect(u?.summary).toBe('3 metrics not compared or inconclusive (neutral, not a pass)');
    expect(u?.foldInFull).toBe(true);
    expect(u?.lines.slice(-3)).toEqual([
      '',
      '- `digits-v2` `x`: no baseline value',
      '- `digits-v2` `z`: too few samples',
    ]);
    expect(u?.lines.filter((l) => l.startsWith('| ⚪') || l.startsWith('| ❔'))).toHaveLength(3);
    expect(render('unjudged', doc([], [finding({})]))).toBeUndefined();
    expect(render('unjudged', doc([], [finding({ outcome: 'no change', delta: 0 })]))).toBeUndefined();
    expect(render('unjudged', doc([], list.slice(0, 1)))?.summary).toBe(
      '1 metric not compared or inconclusive (neutral, not a pass)',
    );
  });

  it('unchanged metrics: folded, counted', () => {
    const same = finding({ outcome: 'no change', metric: 'x', delta: 0, current: 0.92 });
    const u = render('unchanged', doc([], [same, finding({})]));
    expect(u?.summary).toBe('1 other metric without a notable change');
    expect(u?.foldInFull).toBe(true);
    expect(u?.lines.at(-1)).toBe(
      '| ✅ no change | `x` | `digits-v2` | 0.92 | 0.92 | ±0 | paired | max\\_drop 0.01, block |',
    );
    expect(render('unchanged', doc([], [same, same]))?.summary).toBe(
      '2 other metrics without a notable change',
    );
    expect(render('unchanged', doc([], [finding({})]))).toBeUndefined();
  });

  it('plan and triage: summarised, their own leading blank line dropped', () => {
    const plan = {
      full: true,
      reason: 'a config change',
      suites: [{ name: 's', run: true, reason: 'a config change' }],
    };
    const p = render('plan', { ...doc([]), plan });
    expect(p?.summary).toBe('Run plan: suites run and skipped');
    expect(p?.lines.slice(0, 3)).toEqual(['### Run plan', '', 'Every suite ran: a config change.']);
    expect(render('plan', doc([]))).toBeUndefined();
    const t = render('triage', { ...doc([]), triage: { rows: [], escalated: false, queue: [] } });
    expect(t?.summary).toBe('Triage of anomaly events');
    expect(t?.lines[0]).toBe('### Triage');
    expect(render('cost', doc([]))).toBeUndefined();
    const cost = render('cost', {
      ...doc([]),
      cost: { currency: 'USD', runnerPerHour: 1, stages: [], models: [], total: 0.5 },
    });
    expect(cost?.summary).toBe('Cost of this run');
    expect(cost?.lines[0]).toBe('### Cost');
  });

  it('LLM suites and generated tests: summaries count models, suites, tests and behaviour changes', () => {
    const m = (name: string): LlmModelResult => ({
      name,
      api: 'openai',
      profile: 'vllm',
      kind: 'chat',
      params: {},
      identity: name,
      determinism: 'seed 1',
      concurrency: 1,
      metrics: {
        cases: 1,
        passed: 1,
        failed: 0,
        errors: 0,
        skipped: 0,
        passRate: 1,
        latency: null,
        ttft: null,
        tokensPerSecond: null,
        usage: { promptTokens: 1, completionTokens: 1, unknown: 0 },
        costUsd: null,
        assertions: [],
        memoryMiB: null,
        cache: { hits: 0, misses: 0 },
        sources: { network: 1, cache: 0, replay: 0 },
        requests: 1,
        retries: 0,
        throttled: 0,
      },
      cases: [],
    });
    const llmSuite = (name: string, models: LlmModelResult[]): LlmSuiteResult => ({
      name,
      cases: { source: 'q.yaml', sha256: '', count: 1 },
      prompts: [],
      repeat: 1,
      repeatThreshold: 1,
      skippedAssertions: [],
      models,
    });
    const llm = render('llm', {
      ...doc([]),
      llm: [llmSuite('qa', [m('a'), m('b')]), llmSuite('chat', [m('c')])],
    });
    expect(llm?.summary).toBe('LLM suites: 3 models in 2 suites');
    expect(llm?.lines).toHaveLength(1);
    expect(llm?.lines[0]?.startsWith('### LLM suite `qa`\n')).toBe(true);
    expect(llm?.lines[0]?.endsWith('</details>')).toBe(true);
    expect(render('llm', { ...doc([]), llm: [llmSuite('qa', [m('a')])] })?.summary).toBe(
      'LLM suites: 1 model in 1 suite',
    );
    expect(render('llm', { ...doc([]), llm: [] })).toBeUndefined();
    expect(render('llm', doc([]))).toBeUndefined();

    const testgen = (tests: number, changes: number): TestgenResult =>
      testgenResult({
        budgetSeconds: 1,
        durationMs: 1,
        base: 'main',
        totals: { ...testgenResult().totals, tests },
        behaviourChanges: Array.from({ length: changes }, (_, i) => ({
          file: 'f',
          function: 'f',
          call: `f(${i})`,
          base: '1',
          head: '2',
        })),
      });
    const t = render('testgen', { ...doc([]), testgen: testgen(3, 2) });
    expect(t?.summary).toBe('Generated tests: 3 tests, 2 behaviour changes');
    expect(t?.lines).toHaveLength(1);
    expect(t?.lines[0]?.startsWith('## Generated tests\n')).toBe(true);
    expect(t?.lines[0]?.endsWith('|')).toBe(true);
    expect(render('testgen', { ...doc([]), testgen: testgen(1, 1) })?.summary).toBe(
      'Generated tests: 1 test, 1 behaviour change',
    );
    expect(render('testgen', { ...doc([]), testgen: testgen(0, 0) })?.summary).toBe(
      'Generated tests: 0 tests',
    );
    expect(render('testgen', doc([]))).toBeUndefined();
  });

  it('footer: version, machine, onnxruntime when known, short sha and ref', () => {
    const r = doc([]);
    expect(render('footer', { ...r, environment: { ...r.environment, onnxruntime: '1.2' } })?.lines).toEqual([
      '<sub>open-autoglm-ci 0.1.0 · Test CPU × 4 · Node v20.0.0 · onnxruntime 1.2 · `0123456789ab` `refs/heads/main`</sub>',
    ]);
    expect(render('footer', { ...r, provenance: {} })?.lines).toEqual([
      '<sub>open-autoglm-ci 0.1.0 · Test CPU × 4 · Node v20.0.0</sub>',
    ]);
  });

  it('renders only sections with lines, in order; folds a section only when asked and summarised', () => {
    const ids = renderSections({ results: doc([]), mode: 'full', title: 'T' }).map((s) => s.section.id);
    expect(ids).toEqual(['header', 'suites', 'footer']);
    const quiet = { id: 'quiet', priority: 1, render: () => ({ lines: [] }) };
    expect(renderSections({ results: doc([]), mode: 'full', title: 'T' }, [quiet])).toEqual([]);
    expect(sectionMarkdown({ summary: 'S', lines: ['a', 'b'] }, true)).toBe(
      '<details><summary>S</summary>\n\na\nb\n\n</details>',
    );
    expect(sectionMarkdown({ summary: 'S', lines: ['a', 'b'] }, false)).toBe('a\nb');
    expect(sectionMarkdown({ lines: ['a', 'b'] }, true)).toBe('a\nb');
  });
});
