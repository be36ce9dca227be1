import { describe, expect, it } from 'vitest';
import { compareLlmSuites, type LlmCompareOptions } from '../src/compare/llm.js';
import { ConfigSchema } from '../src/config/schema.js';
import type { Finding } from '../src/results/comparison.js';
import { type LlmModelResult, type LlmSuiteResult, REPLAYED_TIMING_REASON } from '../src/results/llm.js';
import type { Results } from '../src/results/schema.js';
import { results } from './factories.js';
import { endpoint, metrics, suite } from './llm-factories.js';

/** LLM suites against their baseline: paired pass rates case by case, and server timings from one stored run. */

type Status = 'pass' | 'fail' | 'error' | 'skipped';

const latency = (p95: number) => ({
  meanMs: p95,
  p50Ms: p95,
  p95Ms: p95,
  p99Ms: p95,
  minMs: p95,
  maxMs: p95,
});

interface Over {
  p95?: number | null;
  ttft?: number | null;
  /** Every answer from a cassette (true), some alongside measured ones ('mixed'), or all from the cache. */
  replay?: boolean | 'mixed' | 'cache';
}

function llmModel(name: string, statuses: Status[], over: Over = {}): LlmModelResult {
  const replay = over.replay ?? false;
  const n = statuses.length;
  const count = (s: Status) => statuses.filter((x) => x === s).length;
  return endpoint(name, {
    profile: 'chat',
    determinism: 'seeded',
    concurrency: 1,
    price: undefined,
    metrics: metrics({
      cases: n,
      passed: count('pass'),
      failed: count('fail'),
      errors: count('error'),
      skipped: count('skipped'),
      passRate: null,
      latency: over.p95 === null ? null : latency(over.p95 ?? 100),
      ttft: over.ttft === null || over.ttft === undefined ? null : latency(over.ttft),
      tokensPerSecond: null,
      usage: { promptTokens: 0, completionTokens: 0, unknown: 0 },
      costUsd: null,
      assertions: [],
      sources: {
        network: replay === true || replay === 'cache' ? 0 : n,
        cache: replay === 'cache' ? n : 0,
        replay: replay === true || replay === 'mixed' ? n : 0,
      },
      requests: n,
    }),
    cases: statuses.map((status, i) => ({
      id: `c${i}`,
      prompt: 'p',
      vars: {},
      status,
      passRate: 0,
      runs: [],
    })),
  });
}

function doc(models: LlmModelResult[], over: Partial<LlmSuiteResult> = {}): Results {
  return {
    ...results([]),
    llm: [suite(models, { name: 'chat', cases: { source: 'cases.yaml', sha256: 'c1', count: 0 }, ...over })],
  };
}

const gates = (yaml: Record<string, unknown>) => ConfigSchema.parse({ gates: yaml }).gates;

function compare(cur: Results, base: Results, over: Partial<LlmCompareOptions> = {}) {
  const o: LlmCompareOptions = { gates: {}, alpha: 0.05, seed: 1, notes: [], ...over };
  const findings = compareLlmSuites(cur, base, o);
  const by = (metric: string, model = 'm') => findings.find((f) => f.metric === metric && f.model === model);
  return { findings, notes: o.notes, by };
}

const passes = (n: number): Status[] => Array.from({ length: n }, () => 'pass');

describe('pass rate, paired case by case', () => {
  it('cases that flipped are listed both ways; skipped cases are left out, errors count as failures', () => {
    const base = doc([llmModel('m', ['pass', 'pass', 'fail', 'skipped', 'pass', 'pass'])]);
    const cur = doc([llmModel('m', ['fail', 'error', 'pass', 'pass', 'skipped', 'pass'])]);
    const f = compare(cur, base).by('pass_rate');
    expect(f).toMatchObject({
      suite: 'chat',
      method: 'paired',
      base: 3 / 4,
      current: 2 / 4,
      mode: 'info',
      flips: { passToFail: ['c0', 'c1'], failToPass: ['c2'] },
    });
    expect(f?.delta).toBeCloseTo(-0.25, 12);
    expect(f?.worsening).toBeCloseTo(1 / 3, 12);
    expect(f?.reason).toMatch(/; 4 paired cases$/);
    expect(f?.rule).toBeUndefined();
  });

  it('forty lost cases past a max_drop gate are a block regression of the highest level', () => {
    const cur = doc([llmModel('m', [...Array.from({ length: 40 }, (): Status => 'fail'), ...passes(60)])]);
    const f = compare(cur, doc([llmModel('m', passes(100))]), {
      gates: gates({ pass_rate: { max_drop: 0.05 } }),
    }).by('pass_rate');
    expect(f).toMatchObject({ outcome: 'regression', mode: 'block', rule: 'max_drop 0.05', severity: 5 });
    expect(f?.pValue).toBeLessThan(0.05);
  });

  it('a drop past the gate on too few cases is inconclusive: level 2, with the interval and the cases that would decide it', () => {
    // 10 cases, 6 passing before and 4 after (2 flips): beyond max_drop 0.05, not significant.
    const base = doc([llmModel('m', [...passes(6), 'fail', 'fail', 'fail', 'fail'])]);
    const cur = doc([llmModel('m', ['fail', 'fail', ...passes(4), 'fail', 'fail', 'fail', 'fail'])]);
    const f = compare(cur, base, { gates: gates({ pass_rate: { max_drop: 0.05 } }) }).by('pass_rate');
    expect(f).toMatchObject({ outcome: 'inconclusive', severity: 2, mode: 'block' });
    expect(f?.moreSamples).toBeGreaterThan(10);
    expect(f?.interval?.lower).toBeLessThan(0);
    expect(f?.interval?.confidence).toBeGreaterThan(0);
    // Better, not worse: level 1, no samples asked for.
    const better = compare(base, cur, { gates: gates({ pass_rate: { max_drop: 0.05 } }) }).by('pass_rate');
    expect(better?.severity).toBe(1);
    expect(better?.moreSamples).toBeUndefined();
  });

  it('a relative max_drop is taken of the baseline rate', () => {
    // 4 of 100 lost from 100%: beyond 2% of the baseline, within 5%.
    const cur = doc([llmModel('m', [...Array.from({ length: 4 }, (): Status => 'fail'), ...passes(96)])]);
    const base = doc([llmModel('m', passes(100))]);
    const tight = compare(cur, base, { gates: gates({ pass_rate: { max_drop: '2%' } }), alpha: 0.2 }).by(
      'pass_rate',
    );
    expect(tight).toMatchObject({ outcome: 'regression', rule: 'max_drop 2%' });
    const loose = compare(cur, base, { gates: gates({ pass_rate: { max_drop: '5%' } }), alpha: 0.2 }).by(
      'pass_rate',
    );
    expect(loose?.outcome).not.toBe('regression');
  });

  it('an absolute max_drop is weighed against the baseline rate for the severity', () => {
    // 9 of 50 passing cases lost: 18% worse; 0.05 of a 0.5 rate is a 10% gate, so below 2x: level 4.
    const before: Status[] = [...passes(50), ...Array.from({ length: 50 }, (): Status => 'fail')];
    const after: Status[] = before.map((s, i) => (i < 9 ? 'fail' : s));
    const f = compare(doc([llmModel('m', after)]), doc([llmModel('m', before)]), {
      gates: gates({ pass_rate: { max_drop: 0.05 } }),
    }).by('pass_rate');
    expect(f).toMatchObject({ outcome: 'regression', severity: 4 });
    // Relative: 50% of the 0.5 rate allows a 0.25 drop; losing 40 cases (0.4) is past it, 20 (0.2) is not.
    const relative = (lost: number) =>
      compare(
        doc([
          llmModel(
            'm',
            before.map((s, i) => (i < lost ? 'fail' : s)),
          ),
        ]),
        doc([llmModel('m', before)]),
        {
          gates: gates({ pass_rate: { max_drop: '50%' } }),
        },
      ).by('pass_rate');
    expect(relative(40)?.outcome).toBe('regression');
    expect(relative(20)?.outcome).not.toBe('regression');
  });

  it('a pass_rate gate with only a minimum leaves the comparison at info level', () => {
    const f = compare(doc([llmModel('m', ['fail', ...passes(9)])]), doc([llmModel('m', passes(10))]), {
      gates: gates({ pass_rate: { min: 0.5, mode: 'warn' } }),
    }).by('pass_rate');
    expect(f?.mode).toBe('info');
    expect(f?.rule).toBeUndefined();
  });

  it('a gate scoped to another suite or model does not judge it', () => {
    const cur = doc([llmModel('m', ['fail', ...passes(9)])]);
    const base = doc([llmModel('m', passes(10))]);
    for (const scope of [{ suite: 'other' }, { model: 'other' }]) {
      const f = compare(cur, base, { gates: gates({ pass_rate: { max_drop: 0.05, ...scope } }) }).by(
        'pass_rate',
      );
      expect(f?.mode).toBe('info');
    }
    const f = compare(cur, base, {
      gates: gates({ pass_rate: { max_drop: 0.05, suite: 'chat', model: 'm' } }),
    }).by('pass_rate');
    expect(f?.mode).toBe('block');
  });

  it('a changed cases file is a note and turns a block gate into a warning; no case in common, no finding', () => {
    const base = doc([llmModel('m', passes(10))]);
    const cur = doc([llmModel('m', ['fail', ...passes(9)])], {
      cases: { source: 'cases.yaml', sha256: 'c2', count: 10 },
    });
    const r = compare(cur, base, { gates: gates({ pass_rate: { max_drop: 0.05 } }) });
    expect(r.notes).toEqual([
      'LLM suite chat: the cases file changed since the baseline; cases are paired by id',
    ]);
    expect(r.by('pass_rate')).toMatchObject({
      mode: 'warn',
      downgraded: 'the cases file changed since the baseline',
    });
    const ungated = compare(cur, base).by('pass_rate');
    expect(ungated?.mode).toBe('info');
    expect(ungated?.downgraded).toBeUndefined();

    const skipped = doc([llmModel('m', ['skipped', 'skipped'])]);
    const none = compare(skipped, base);
    expect(none.by('pass_rate')).toBeUndefined();
    expect(none.notes).toEqual(['model m (LLM suite chat): no case in common with the baseline']);
  });

  it('new suites and models are notes', () => {
    const base = doc([llmModel('m', passes(2))]);
    const r = compare(doc([llmModel('m', passes(2)), llmModel('n', passes(2))]), base);
    expect(r.notes).toEqual(['model n (LLM suite chat) is new: no baseline to compare with']);
    const renamed = compare(doc([llmModel('m', passes(2))], { name: 'other' }), base);
    expect(renamed.notes).toEqual(['LLM suite other is new: no baseline to compare with']);
    expect(renamed.findings).toEqual([]);
    expect(compare(doc([llmModel('m', passes(2))]), { ...base, llm: undefined }).notes).toEqual([
      'LLM suite chat is new: no baseline to compare with',
    ]);
  });
});

describe('server timings against one stored run', () => {
  const timing = (cur: Over, base: Over, over: Partial<LlmCompareOptions> = {}) =>
    compare(doc([llmModel('m', passes(2), cur)]), doc([llmModel('m', passes(2), base)]), over);

  it('within the default 5% is no change, worded either way; beyond it inconclusive, never a regression', () => {
    expect(timing({ p95: 104 }, { p95: 100 }).by('latency.p95_ms')).toMatchObject({
      outcome: 'no change',
      method: 'threshold',
      reason: '4.0% worse, within 5%',
      base: 100,
      current: 104,
      delta: 4,
      mode: 'info',
      severity: 1,
    });
    expect(timing({ p95: 95 }, { p95: 100 }).by('latency.p95_ms')?.reason).toBe('5.0% better, within 5%');
    const slow = timing({ p95: 130 }, { p95: 100 }).by('latency.p95_ms') as Finding;
    expect(slow).toMatchObject({
      outcome: 'inconclusive',
      reason:
        "30.0% worse than one stored run (100 → 130 ms); a server's latency moves with its load, so one run cannot decide",
      // Inconclusive beyond the limit: its own level, never "within noise".
      severity: 2,
    });
    expect(slow.worsening).toBeCloseTo(0.3, 12);
    const fast = timing({ p95: 70 }, { p95: 100 }).by('latency.p95_ms');
    expect(fast?.reason).toMatch(/^30\.0% better than one stored run/);
    expect(fast?.severity).toBe(1);
  });

  it('time to first token is compared the same way, when both runs have it', () => {
    expect(timing({ ttft: 50 }, { ttft: 40 }).by('ttft.p95_ms')).toMatchObject({
      outcome: 'inconclusive',
      base: 40,
      current: 50,
    });
    expect(timing({ ttft: 50 }, {}).by('ttft.p95_ms')).toBeUndefined();
    expect(timing({ p95: null }, { p95: 100 }).by('latency.p95_ms')).toBeUndefined();
  });

  it('a max_increase gate sets the limit, the rule and the mode; an absolute one is in ms', () => {
    const g = gates({ 'latency.p95_ms': { max_increase: 40, mode: 'warn' } });
    expect(timing({ p95: 130 }, { p95: 100 }, { gates: g }).by('latency.p95_ms')).toMatchObject({
      outcome: 'no change',
      rule: 'max_increase 40',
      mode: 'warn',
      reason: '30.0% worse, within 40',
    });
    expect(timing({ p95: 150 }, { p95: 100 }, { gates: g }).by('latency.p95_ms')?.outcome).toBe(
      'inconclusive',
    );
    expect(timing({ p95: 5 }, { p95: 0 }, { gates: g }).by('latency.p95_ms')).toMatchObject({
      worsening: null,
      severity: 1,
    });
  });

  it('both runs replayed from cassettes: not compared, nothing was measured', () => {
    expect(timing({ p95: 130, replay: true }, { p95: 100, replay: true }).by('latency.p95_ms')).toMatchObject(
      {
        outcome: 'not compared',
        method: 'none',
        reason: REPLAYED_TIMING_REASON,
      },
    );
    expect(timing({ p95: 130, replay: true }, { p95: 100 }).by('latency.p95_ms')?.outcome).toBe(
      'inconclusive',
    );
    expect(timing({ p95: 130 }, { p95: 100, replay: true }).by('latency.p95_ms')?.outcome).toBe(
      'inconclusive',
    );
    const mixed = timing({ p95: 130, replay: 'mixed' }, { p95: 100, replay: 'mixed' }).by('latency.p95_ms');
    expect(mixed).toMatchObject({ outcome: 'inconclusive', method: 'threshold' });
    const cached = timing({ p95: 130, replay: 'cache' }, { p95: 100, replay: 'cache' }).by('latency.p95_ms');
    expect(cached).toMatchObject({ outcome: 'inconclusive', method: 'threshold' });
  });
});
