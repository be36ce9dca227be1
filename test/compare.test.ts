import { describe, expect, it } from 'vitest';
import { compareResults } from '../src/compare/compare.js';
import { verdictOf } from '../src/compare/gates.js';
import { ConfigSchema } from '../src/config/schema.js';
import type { ModelResult, Results } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';

/** 200 labelled samples; `wrong` lists the ids that are not correct. */
function samples(wrong: ReadonlySet<number>): ModelResult['samples'] {
  return Array.from({ length: 200 }, (_, i) => ({
    id: `s${i}`,
    prediction: '1',
    expected: '1',
    correct: !wrong.has(i),
    latencyMs: 1,
    batch: 0,
  }));
}

function run(m: ModelResult, env: Partial<Results['environment']> = {}): Results {
  const r = results([
    suite([m], { dataset: { kind: 'jsonl', source: 'eval.jsonl', samples: 200, sha256: 'd1' } }),
  ]);
  return { ...r, environment: { ...r.environment, ...env } };
}

const gates = (yaml: Record<string, unknown>) => ConfigSchema.parse({ gates: yaml }).gates;

function withAccuracy(wrong: number[]): ModelResult {
  const set = new Set(wrong);
  return model('m', { accuracy: (200 - set.size) / 200 }, { samples: samples(set) });
}

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

describe('accuracy: paired on the same samples', () => {
  it('ten pass-to-fail flips past a 1-point max_drop are a block regression, listing the flipped samples', () => {
    const base = run(withAccuracy(range(0, 20)));
    const cur = run(withAccuracy([...range(0, 20), ...range(100, 110)]));
    const c = compareResults(cur, base, { gates: gates({ accuracy: { max_drop: 0.01 } }) });
    const f = c.findings.find((x) => x.metric === 'accuracy');
    expect(f).toMatchObject({
      outcome: 'regression',
      method: 'paired',
      mode: 'block',
      rule: 'max_drop 0.01',
      severity: 5,
    });
    expect(f?.pValue).toBeCloseTo(2 * 0.5 ** 10, 10);
    expect(f?.flips?.passToFail).toEqual(range(100, 110).map((i) => `s${i}`));
    expect(f?.flips?.failToPass).toEqual([]);
    expect(c.outcome).toBe('regression');
    expect(verdictOf([], c.findings)).toBe('regression');
  });

  it('the seed given is the one the bootstrap interval uses', () => {
    const base = run(withAccuracy(range(0, 20)));
    const cur = run(withAccuracy([...range(0, 15), ...range(100, 110), 150, 151]));
    const interval = (seed?: number) =>
      compareResults(cur, base, { gates: gates({ accuracy: { max_drop: 0.01 } }), seed }).findings.find(
        (x) => x.metric === 'accuracy',
      )?.interval;
    expect(interval(1)).toBeDefined();
    // Same seed, same interval; other seeds resample differently; no seed is the default one.
    expect(interval(1)).toEqual(interval(1));
    const seen = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => JSON.stringify(interval(seed))));
    expect(seen.size).toBeGreaterThan(1);
    expect(interval(undefined)).toEqual(interval(0x5eed));
  });

  it('one flip is not evidence of a regression', () => {
    const c = compareResults(run(withAccuracy([5])), run(withAccuracy([])), {
      gates: gates({ accuracy: { max_drop: 0.01 } }),
    });
    const f = c.findings.find((x) => x.metric === 'accuracy');
    expect(f?.outcome).not.toBe('regression');
    expect(f?.flips?.passToFail).toEqual(['s5']);
    expect(verdictOf([], c.findings)).toBe('pass');
  });

  it('without a gate the change is reported at info level and never fails', () => {
    const c = compareResults(run(withAccuracy(range(0, 30))), run(withAccuracy([])));
    const f = c.findings.find((x) => x.metric === 'accuracy');
    expect(f).toMatchObject({ outcome: 'regression', mode: 'info' });
    expect(verdictOf([], c.findings)).toBe('pass');
  });
});

/** A seeded series around `center` with ~1% noise. */
function noisy(center: number, n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return center * (1 + (s / 2 ** 31 - 0.5) * 0.02);
  });
}

describe('latency', () => {
  const lat = (mean: number, extra: Partial<ModelResult> = {}) =>
    model(
      'm',
      {
        latency: {
          meanMs: mean,
          p50Ms: mean,
          p95Ms: mean * 1.5,
          p99Ms: mean * 2,
          minMs: mean / 2,
          maxMs: mean * 3,
        },
      },
      extra,
    );

  it('interleaved rounds decide: a 10% slowdown against a 5% gate is a regression', () => {
    const interleaved = {
      baseSha256: 'x',
      baseSource: 'm.onnx at abc',
      rounds: 20,
      samplesPerRound: 200,
      base: noisy(1, 20, 1),
      candidate: noisy(1.1, 20, 2),
    };
    const c = compareResults(run(lat(1.1, { interleaved })), run(lat(1)), {
      gates: gates({ 'latency.mean_ms': { max_increase: '5%' } }),
    });
    const f = c.findings.find((x) => x.metric === 'latency.mean_ms');
    expect(f).toMatchObject({ outcome: 'regression', method: 'interleaved', mode: 'block' });
    expect(f?.reason).toMatch(/20 interleaved rounds against m\.onnx at abc/);
  });

  it('interleaved A/A is no change', () => {
    const interleaved = {
      baseSha256: 'x',
      baseSource: 'b',
      rounds: 20,
      samplesPerRound: 200,
      base: noisy(1, 20, 3),
      candidate: noisy(1, 20, 4),
    };
    const c = compareResults(run(lat(1.3, { interleaved })), run(lat(1)), {
      gates: gates({ 'latency.mean_ms': { max_increase: '5%' } }),
    });
    expect(c.findings.find((x) => x.metric === 'latency.mean_ms')?.outcome).toBe('no change');
  });

  it('one stored number cannot judge a 30% slowdown: inconclusive, and it says why', () => {
    const changed = lat(1.3, { sha256: '1'.repeat(64) });
    const c = compareResults(run(changed), run(lat(1)), {
      gates: gates({ 'latency.mean_ms': { max_increase: '5%' } }),
    });
    const f = c.findings.find((x) => x.metric === 'latency.mean_ms');
    expect(f?.outcome).toBe('inconclusive');
    expect(f?.method).toBe('threshold');
    expect(f?.reason).toMatch(/one run cannot separate a change from runner noise/);
    expect(verdictOf([], c.findings)).toBe('pass');
  });

  it('with history, the noise band decides and says so', () => {
    const history = noisy(1, 12, 7).map((v) => run(lat(v)));
    const slow = compareResults(run(lat(1.3)), run(lat(1)), {
      history,
      gates: gates({ 'latency.mean_ms': { max_increase: '5%' } }),
    });
    expect(slow.findings.find((x) => x.metric === 'latency.mean_ms')).toMatchObject({
      outcome: 'regression',
      method: 'noise-band',
    });
    const same = compareResults(run(lat(1.002)), run(lat(1)), {
      history,
      gates: gates({ 'latency.mean_ms': { max_increase: '5%' } }),
    });
    expect(same.findings.find((x) => x.metric === 'latency.mean_ms')?.outcome).toBe('no change');
  });

  it('a different machine downgrades a block latency gate to warn and says why', () => {
    const history = noisy(1, 12, 7).map((v) => run(lat(v)));
    const c = compareResults(run(lat(1.3), { cpu: 'Other CPU' }), run(lat(1)), {
      history,
      gates: gates({ 'latency.mean_ms': { max_increase: '5%' } }),
    });
    const f = c.findings.find((x) => x.metric === 'latency.mean_ms');
    expect(f).toMatchObject({ outcome: 'regression', mode: 'warn' });
    expect(f?.downgraded).toMatch(/the baseline ran on Test CPU × 4 .*this run on Other CPU × 4/);
    expect(verdictOf([], c.findings)).toBe('warning');
  });
});

describe('deterministic metrics and bookkeeping', () => {
  it('model size beyond max_increase is a regression; within it, no change', () => {
    const big = compareResults(
      run(model('m', { sizeBytes: 50_000 })),
      run(model('m', { sizeBytes: 40_960 })),
      {
        gates: gates({ size_bytes: { max_increase: '10%' } }),
      },
    );
    expect(big.findings.find((f) => f.metric === 'size_bytes')).toMatchObject({
      outcome: 'regression',
      method: 'threshold',
    });
    const same = compareResults(
      run(model('m', { sizeBytes: 41_000 })),
      run(model('m', { sizeBytes: 40_960 })),
      {
        gates: gates({ size_bytes: { max_increase: '10%' } }),
      },
    );
    expect(same.findings.find((f) => f.metric === 'size_bytes')?.outcome).toBe('no change');
  });

  it('a change exactly at the allowance passes; one unit past it does not', () => {
    const at = compareResults(run(model('m', { sizeBytes: 1100 })), run(model('m', { sizeBytes: 1000 })), {
      gates: gates({ size_bytes: { max_increase: 100 } }),
    });
    expect(at.findings.find((f) => f.metric === 'size_bytes')?.outcome).toBe('no change');
    const past = compareResults(run(model('m', { sizeBytes: 1101 })), run(model('m', { sizeBytes: 1000 })), {
      gates: gates({ size_bytes: { max_increase: 100 } }),
    });
    expect(past.findings.find((f) => f.metric === 'size_bytes')?.outcome).toBe('regression');
  });

  it('no baseline: no findings and the notes carry through', () => {
    const c = compareResults(run(model('m')), undefined, {
      notes: ['no baseline yet for main; this run will become one when merged'],
    });
    expect(c).toEqual({
      notes: ['no baseline yet for main; this run will become one when merged'],
      findings: [],
      outcome: 'no change',
    });
  });

  it('new and removed models are notes, not failures', () => {
    const c = compareResults(run(model('new-one')), run(model('old-one')));
    expect(c.notes).toEqual([
      'model new-one (suite digits-eval) is new: no baseline to compare with',
      'model old-one (suite digits-eval) was removed since the baseline',
    ]);
    expect(c.findings).toEqual([]);
  });

  it('a model or suite kept beside a new and a removed one is neither new nor removed', () => {
    const two = (names: string[], suites: string[]) =>
      results(
        suites.map((name) =>
          suite(
            names.map((n) => model(n)),
            { name },
          ),
        ),
      );
    const c = compareResults(two(['kept', 'added'], ['s1', 's3']), two(['kept', 'dropped'], ['s1', 's2']));
    expect(c.notes).toEqual([
      'model added (suite s1) is new: no baseline to compare with',
      'model dropped (suite s1) was removed since the baseline',
      'suite s3 is new: no baseline to compare with',
      'suite s2 was removed since the baseline',
    ]);
    expect(new Set(c.findings.map((f) => `${f.suite}/${f.model}`))).toEqual(new Set(['s1/kept']));
  });
});

describe('unchanged models', () => {
  it('a latency difference of an unchanged model file (same sha256) is noise, not an alarm', () => {
    const lat = (mean: number) =>
      model('m', {
        latency: { meanMs: mean, p50Ms: mean, p95Ms: mean, p99Ms: mean, minMs: mean, maxMs: mean },
      });
    const c = compareResults(run(lat(1.5)), run(lat(1)), {
      gates: gates({ 'latency.mean_ms': { max_increase: '5%' } }),
    });
    const f = c.findings.find((x) => x.metric === 'latency.mean_ms');
    expect(f).toMatchObject({ outcome: 'noise', method: 'none' });
    expect(f?.reason).toMatch(/model file is unchanged since the baseline/);
  });

  it('stored timings of an unchanged model from another machine are not compared, never "no change"', () => {
    const lat = (mean: number) =>
      model('m', {
        latency: { meanMs: mean, p50Ms: mean, p95Ms: mean, p99Ms: mean, minMs: mean, maxMs: mean },
      });
    const c = compareResults(run(lat(5.32)), run(lat(1)), {
      gates: gates({ 'latency.mean_ms': { max_increase: '5%' } }),
    });
    const other = compareResults(run(lat(5.32), { cpu: 'Other CPU' }), run(lat(1)), {
      gates: gates({ 'latency.mean_ms': { max_increase: '5%' } }),
    });
    expect(c.findings.find((x) => x.metric === 'latency.mean_ms')?.outcome).toBe('noise');
    const f = other.findings.find((x) => x.metric === 'latency.mean_ms');
    expect(f).toMatchObject({ outcome: 'not compared', method: 'none' });
    expect(f?.reason).toMatch(/^not compared: stored timings from another machine \(Test CPU × 4/);
    expect(f?.reason).toMatch(/time the baseline model in this job \(baseline\.rounds\) to judge$/);
    expect(other.outcome).toBe('no change');
  });
});

describe('history', () => {
  it('a step in the base branch history is named with the run where it started', () => {
    const lat = (mean: number, sha: string) => ({
      ...run(
        model('m', {
          latency: { meanMs: mean, p50Ms: mean, p95Ms: mean, p99Ms: mean, minMs: mean, maxMs: mean },
        }),
      ),
      provenance: { sha },
    });
    const before = noisy(1, 10, 11).map((v, i) => lat(v, `${i}`.padStart(40, 'a')));
    const after = noisy(1.3, 8, 12).map((v, i) => lat(v, `${i}`.padStart(40, 'b')));
    const c = compareResults(lat(1.3, 'c'.repeat(40)), after.at(-1), { history: [...before, ...after] });
    expect(c.notes.find((n) => n.startsWith('m latency.mean_ms: a step from'))).toMatch(
      /^m latency\.mean_ms: a step from 1\.0\d* to 1\.3\d* \((29|3\d)\.\d%\) starting at bbbbbbbbbbbb \(change point over the last 19 runs, Pettitt p = [\d.e-]+\)$/,
    );
  });

  const mean = (v: number) => ({ meanMs: v, p50Ms: v, p95Ms: v, p99Ms: v, minMs: v, maxMs: v });
  const stepNote = (history: Results[], current: Results, metric = 'latency.mean_ms') =>
    compareResults(current, history.at(-1), { history }).notes.filter((n) => n.includes(`${metric}: a step`));
  /** A run of model m at `v` ms, with another suite and another model listed first (wildly slower). */
  const crowded = (v: number, sha?: string): Results => {
    const decoy = model('decoy', { latency: mean(50) });
    const r = results([
      suite([model('m', { latency: mean(90) })], { name: 'other-suite' }),
      suite([decoy, model('m', { latency: mean(v), sizeBytes: v * 1000 })]),
    ]);
    return { ...r, provenance: sha === undefined ? {} : { sha } };
  };

  it("reads the step from this suite's model, skipping runs without it or without the metric", () => {
    const before = noisy(1, 10, 21).map((v, i) => crowded(v, `${i}`.padStart(40, 'a')));
    const after = noisy(1.3, 8, 22).map((v, i) => crowded(v, `${i}`.padStart(40, 'b')));
    const gap = results([suite([model('gone')])]);
    const unsized = results([suite([model('m', { sizeBytes: undefined })])]);
    const history = [...before, gap, ...after];
    const notes = stepNote(history, crowded(1.3, 'c'.repeat(40)));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(
      /^m latency\.mean_ms: a step from 1\.0\d* to 1\.[23]\d* .* starting at bbbbbbbbbbbb \(change point over the last 19 runs/,
    );
    // size_bytes is optional: a run without it is left out of that series only.
    const sized = [...before, unsized, ...after];
    expect(stepNote(sized, crowded(1.3, 'c'.repeat(40)), 'size_bytes')[0]).toMatch(
      /^m size_bytes: a step from 10\d\d to 1[23]\d\d .* starting at bbbbbbbbbbbb \(change point over the last 19 runs/,
    );
  });

  it('a clear step smaller than 5% is not named: drift that small is left to the gates', () => {
    const history = [
      ...noisy(1, 10, 41).map((v, i) => crowded(v, `${i}`.padStart(40, 'a'))),
      ...noisy(1.035, 9, 42).map((v, i) => crowded(v, `${i}`.padStart(40, 'b'))),
    ];
    expect(stepNote(history, crowded(1.035))).toEqual([]);
    // The same step at 8% is named, so the series itself is one Pettitt's test calls a step.
    const bigger = [
      ...noisy(1, 10, 41).map((v, i) => crowded(v, `${i}`.padStart(40, 'a'))),
      ...noisy(1.08, 9, 42).map((v, i) => crowded(v, `${i}`.padStart(40, 'b'))),
    ];
    expect(stepNote(bigger, crowded(1.08))[0]).toMatch(
      /a step from (0\.99|1\.0)\d* to 1\.0[78]\d* \([78]\.\d%\) starting at bbbbbbbbbbbb/,
    );
  });

  it('names a step that started 10 runs ago, not one older; a run without a commit by its place', () => {
    const series = (nBefore: number, nAfter: number, sha: (i: number) => string | undefined) => [
      ...noisy(1, nBefore, 31).map((v, i) => crowded(v, sha(i))),
      ...noisy(1.3, nAfter, 32).map((v, i) => crowded(v, sha(nBefore + i))),
    ];
    const named = (i: number) => `${i}`.padStart(2, '0').padEnd(40, 'f');
    // 10 runs before, 9 after and this run: the step is at the 10th run from the end.
    expect(stepNote(series(10, 9, named), crowded(1.3))[0]).toMatch(
      /starting at 10f{10} \(change point over the last 20 runs/,
    );
    // 10 before, 10 after and this run: 11 runs ago, older than the window.
    expect(stepNote(series(10, 10, named), crowded(1.3))).toEqual([]);
    expect(
      stepNote(
        series(10, 9, () => undefined),
        crowded(1.3),
      )[0],
    ).toMatch(/starting at run 11 of 20 \(no commit recorded\) \(change point/);
  });
});
