import { describe, expect, it } from 'vitest';
import { compareResults, fingerprint, show } from '../src/compare/compare.js';
import { ConfigSchema } from '../src/config/schema.js';
import type { ModelResult, Results } from '../src/results/schema.js';
import { model, results, suite } from './factories.js';

/**
 * What a reviewer reads in a comparison: the exact wording of reasons and notes, the gate a finding
 * is judged by, its severity, and the overall outcome. (compare.test.ts covers the methods.)
 */

const gates = (yaml: Record<string, unknown>) => ConfigSchema.parse({ gates: yaml }).gates;

function run(models: ModelResult[], extra: Partial<Results> = {}, name = 'digits-eval'): Results {
  return {
    ...results([
      suite(models, { name, dataset: { kind: 'jsonl', source: 'e.jsonl', samples: 1, sha256: 'd1' } }),
    ]),
    ...extra,
  };
}

const size = (bytes: number) => model('m', { sizeBytes: bytes });
const finding = (
  r: Results,
  base: Results,
  metric: string,
  options: Parameters<typeof compareResults>[2] = {},
) => compareResults(r, base, options).findings.find((f) => f.metric === metric);

describe('show: figures in reasons', () => {
  it('times read in ms or µs like the tables, by magnitude', () => {
    expect(show(250.4, 'latency.p95_ms')).toBe('250 ms');
    expect(show(100, 'latency.p95_ms')).toBe('100 ms');
    expect(show(99.5, 'latency.p95_ms')).toBe('99.50 ms');
    expect(show(1, 'latency.mean_ms')).toBe('1.00 ms');
    expect(show(0.9994, 'latency.mean_ms')).toBe('999.4 µs');
    expect(show(-250, 'load_time_ms')).toBe('-250 ms');
    expect(show(-2.5, 'load_time_ms')).toBe('-2.50 ms');
  });

  it('other figures keep 4 significant digits; only a name ending in _ms is a time', () => {
    expect(show(1234.5678)).toBe('1235');
    expect(show(0.1 + 0.2)).toBe('0.3');
    expect(show(1234.5678, 'latency_ms_total')).toBe('1235');
    expect(show(Number.POSITIVE_INFINITY, 'latency.mean_ms')).toBe('Infinity');
    expect(show(Number.NaN)).toBe('NaN');
  });
});

describe('fingerprint: the machine a timing depends on', () => {
  const env = results([]).environment;
  it('names CPU, cores, Node, onnxruntime and, given a model, its threads', () => {
    expect(fingerprint(env)).toBe('Test CPU × 4 · Node v20.0.0 · onnxruntime ?');
    expect(
      fingerprint({ ...env, onnxruntime: '1.30.0' }, model('m', {}, { threads: { intraOp: 2, interOp: 1 } })),
    ).toBe('Test CPU × 4 · Node v20.0.0 · onnxruntime 1.30.0 · 2/1 threads');
  });
});

describe('deterministic metrics: the threshold reason and severity', () => {
  const gate = gates({ size_bytes: { max_increase: 100 } });

  it('a regression names the worsening, both values and the allowance', () => {
    const f = finding(run([size(1200)]), run([size(1000)]), 'size_bytes', { gates: gate });
    expect(f).toMatchObject({
      outcome: 'regression',
      method: 'threshold',
      reason: '20.0% worse (1000 → 1200), beyond the allowed 100',
      delta: 200,
      worsening: 0.2,
      rule: 'max_increase 100',
      mode: 'block',
      severity: 5,
    });
  });

  it('severity compares the worsening with the allowance relative to the baseline (100 of 1000 = 10%)', () => {
    // 15% against a 10% gate: below twice the gate, so 4; 20% (above) is 5.
    expect(finding(run([size(1150)]), run([size(1000)]), 'size_bytes', { gates: gate })?.severity).toBe(4);
    const relative = gates({ size_bytes: { max_increase: '10%' } });
    expect(finding(run([size(1150)]), run([size(1000)]), 'size_bytes', { gates: relative })?.severity).toBe(
      4,
    );
    expect(finding(run([size(1250)]), run([size(1000)]), 'size_bytes', { gates: relative })?.severity).toBe(
      5,
    );
  });

  it('an improvement and a change within the allowance say so', () => {
    expect(finding(run([size(800)]), run([size(1000)]), 'size_bytes', { gates: gate })).toMatchObject({
      outcome: 'improvement',
      reason: '20.0% better (1000 → 800)',
      severity: 1,
    });
    expect(finding(run([size(1050)]), run([size(1000)]), 'size_bytes', { gates: gate })).toMatchObject({
      outcome: 'no change',
      reason: '1000 → 1050, within 100',
      severity: 1,
    });
  });

  it('a drop of exactly the allowance is within it; one byte more is an improvement by threshold', () => {
    expect(finding(run([size(900)]), run([size(1000)]), 'size_bytes', { gates: gate })).toMatchObject({
      outcome: 'no change',
      method: 'threshold',
      reason: '1000 → 900, within 100',
    });
    expect(finding(run([size(899)]), run([size(1000)]), 'size_bytes', { gates: gate })).toMatchObject({
      outcome: 'improvement',
      method: 'threshold',
    });
  });

  it('a metric the baseline lacks gets no finding, and no crash', () => {
    const noSize = model('m', { sizeBytes: undefined });
    const c = compareResults(run([size(1000)]), run([noSize]), { gates: gate });
    expect(c.findings.find((f) => f.metric === 'size_bytes')).toBeUndefined();
    expect(c.findings.find((f) => f.metric === 'latency.mean_ms')).toBeDefined();
  });

  it('accuracy with no samples on either side falls back to the stored values', () => {
    const acc = (a: number) => model('m', { accuracy: a }, { samples: [] });
    const f = finding(run([acc(0.8)]), run([acc(0.9)]), 'accuracy', {
      gates: gates({ accuracy: { max_drop: 0.02 } }),
    });
    expect(f).toMatchObject({ outcome: 'regression', method: 'threshold' });
  });

  it('higher-is-better metrics worsen when they drop', () => {
    // Different sample ids: nothing to pair, so the stored accuracies decide.
    const acc = (a: number, id: string) =>
      model(
        'm',
        { accuracy: a },
        { samples: [{ id, prediction: '1', expected: '1', correct: true, latencyMs: 1, batch: 0 }] },
      );
    const f = finding(run([acc(0.85, 'b')]), run([acc(0.9, 'a')]), 'accuracy', {
      gates: gates({ accuracy: { max_drop: 0.02 } }),
    });
    expect(f).toMatchObject({
      outcome: 'regression',
      method: 'threshold',
      reason: '5.6% worse (0.9 → 0.85), beyond the allowed 0.02',
      rule: 'max_drop 0.02',
    });
    expect(finding(run([acc(0.95, 'b')]), run([acc(0.9, 'a')]), 'accuracy')?.outcome).toBe('improvement');
  });
});

describe('which gate judges a finding', () => {
  it('a gate scoped to another suite or model leaves the finding at info level', () => {
    const cur = run([size(2000)]);
    const base = run([size(1000)]);
    for (const scope of [{ suite: 'other' }, { model: 'other' }]) {
      const f = finding(cur, base, 'size_bytes', {
        gates: gates({ size_bytes: { max_increase: 100, ...scope } }),
      });
      expect(f).toMatchObject({ outcome: 'regression', mode: 'info' });
      expect(f?.rule).toBeUndefined();
    }
    const named = gates({
      size_bytes: { max_increase: 100, suite: 'digits-eval', model: 'm', mode: 'warn' },
    });
    expect(finding(cur, base, 'size_bytes', { gates: named })).toMatchObject({ mode: 'warn', severity: 4 });
  });

  it('a gate with only min/max sets no baseline rule: the default threshold (1%) judges, at info level', () => {
    const f = finding(run([size(1060)]), run([size(1000)]), 'size_bytes', {
      gates: gates({ size_bytes: { max: 5000 } }),
    });
    expect(f).toMatchObject({
      mode: 'info',
      outcome: 'regression',
      reason: '6.0% worse (1000 → 1060), beyond the allowed 1%',
      severity: 3,
    });
    expect(f?.rule).toBeUndefined();
  });
});

describe('the overall outcome', () => {
  it('is the worst gated finding; info findings count only when nothing is gated', () => {
    const cur = run([model('m', { sizeBytes: 2000, memoryMiB: 3.5 })]);
    const base = run([model('m', { sizeBytes: 1000, memoryMiB: 3.5 })]);
    expect(compareResults(cur, base).outcome).toBe('regression');
    const gated = compareResults(cur, base, { gates: gates({ memory_mib: { max_increase: '10%' } }) });
    expect(gated.findings.find((f) => f.metric === 'size_bytes')).toMatchObject({
      outcome: 'regression',
      mode: 'info',
    });
    expect(gated.outcome).toBe('no change');
  });

  it('ranks regression over inconclusive over improvement', () => {
    const base = run([model('m', { sizeBytes: 1000, throughput: 500 }, { sha256: 'a'.repeat(64) })]);
    const better = run([model('m', { sizeBytes: 500, throughput: 500 }, { sha256: 'b'.repeat(64) })]);
    const g = gates({ size_bytes: { max_increase: 100 }, throughput: { max_drop: '5%' } });
    expect(compareResults(better, base, { gates: g }).outcome).toBe('improvement');
    // A changed model file with one stored throughput: inconclusive beats the improvement.
    const slower = run([model('m', { sizeBytes: 500, throughput: 300 }, { sha256: 'b'.repeat(64) })]);
    expect(compareResults(slower, base, { gates: g }).outcome).toBe('inconclusive');
    const both = run([model('m', { sizeBytes: 2000, throughput: 300 }, { sha256: 'b'.repeat(64) })]);
    expect(compareResults(both, base, { gates: g }).outcome).toBe('regression');
  });
});

describe('one stored run of a changed model', () => {
  const lat = (mean: number) =>
    model(
      'm',
      { latency: { meanMs: mean, p50Ms: mean, p95Ms: mean, p99Ms: mean, minMs: mean, maxMs: mean } },
      { sha256: 'c'.repeat(64) },
    );
  const gate = gates({ 'latency.mean_ms': { max_increase: '5%' } });

  it('a change smaller than the gate is no change, worded either way', () => {
    const base = run([lat(1)]);
    expect(
      finding(run([{ ...lat(1.02), sha256: 'd'.repeat(64) }]), base, 'latency.mean_ms', { gates: gate }),
    ).toMatchObject({
      outcome: 'no change',
      method: 'threshold',
      reason: '2.0% worse, within 5%',
      severity: 1,
    });
    expect(
      finding(run([{ ...lat(0.98), sha256: 'd'.repeat(64) }]), base, 'latency.mean_ms', { gates: gate }),
    ).toMatchObject({ outcome: 'no change', reason: '2.0% better, within 5%' });
  });

  it('a larger one is inconclusive, names both values and how much history the band needs', () => {
    const base = run([lat(1)]);
    const f = finding(run([{ ...lat(0.7), sha256: 'd'.repeat(64) }]), base, 'latency.mean_ms', {
      gates: gate,
    });
    expect(f?.outcome).toBe('inconclusive');
    expect(f?.reason).toBe(
      '30.0% better than one stored run (1 → 0.7), but one run cannot separate a change from runner noise: 0 past run(s), the noise band needs 5; time the baseline model in this job (baseline.rounds) to decide',
    );
    // An inconclusive gain is not a worsening: level 1.
    expect(f?.severity).toBe(1);
    const slow = finding(run([{ ...lat(1.3), sha256: 'd'.repeat(64) }]), base, 'latency.mean_ms', {
      gates: gate,
      history: [base, base],
    });
    expect(slow?.reason).toMatch(/^30\.0% worse than one stored run \(1 → 1\.3\), .*: 2 past run\(s\)/);
    expect(slow?.severity).toBe(2);
  });
});

describe('notes', () => {
  it('new and removed suites are named', () => {
    const c = compareResults(run([model('m')], {}, 'fresh'), run([model('m')], {}, 'gone'));
    expect(c.notes).toEqual([
      'suite fresh is new: no baseline to compare with',
      'suite gone was removed since the baseline',
    ]);
  });

  it('a changed dataset is named, unpairs the samples and turns a block gate into a warning', () => {
    const base = run([size(1000)]);
    const cur = run([size(2000)]);
    const changed = {
      ...cur,
      suites: cur.suites.map((s) => ({ ...s, dataset: { ...s.dataset, sha256: 'd2' } })),
    };
    const c = compareResults(changed, base, { gates: gates({ size_bytes: { max_increase: 100 } }) });
    expect(c.notes).toContain(
      'suite digits-eval: the dataset changed since the baseline, so samples are not paired',
    );
    expect(c.findings.find((f) => f.metric === 'size_bytes')).toMatchObject({
      outcome: 'regression',
      mode: 'warn',
      downgraded: 'the dataset changed since the baseline',
    });
    // A dataset without a recorded hash is taken as the same one.
    const unhashed = {
      ...cur,
      suites: cur.suites.map((s) => ({ ...s, dataset: { kind: 'jsonl' as const, source: 'e', samples: 1 } })),
    };
    const same = compareResults(unhashed, base, { gates: gates({ size_bytes: { max_increase: 100 } }) });
    expect(same.notes).toEqual([]);
    expect(same.findings.find((f) => f.metric === 'size_bytes')?.mode).toBe('block');
  });

  it('a changed setup is a note and is named in the reasons of the noisy metrics only', () => {
    const c = compareResults(run([model('m', {}, { batchSize: 1 })]), run([model('m')]));
    expect(c.notes).toEqual([
      'model m (suite digits-eval): the setup changed since the baseline: batch_size 16 -> 1',
    ]);
    expect(c.findings.find((f) => f.metric === 'throughput')?.reason).toMatch(
      /; the setup changed: batch_size 16 -> 1$/,
    );
    expect(c.findings.find((f) => f.metric === 'size_bytes')?.reason).not.toMatch(/setup changed/);
  });
});

describe('defaults and method choice', () => {
  const lat = (mean: number, extra: Partial<ModelResult> = {}) =>
    model(
      'm',
      { latency: { meanMs: mean, p50Ms: mean, p95Ms: mean, p99Ms: mean, minMs: mean, maxMs: mean } },
      extra,
    );
  const changedDataset = (r: Results): Results => ({
    ...r,
    suites: r.suites.map((s) => ({ ...s, dataset: { ...s.dataset, sha256: 'd2' } })),
  });

  it('the default significance level is 1%: six flips (p = 0.031) are not yet a regression', () => {
    const flips = (wrong: number) =>
      model(
        'm',
        { accuracy: 1 - wrong / 200 },
        {
          samples: Array.from({ length: 200 }, (_, i) => ({
            id: `s${i}`,
            prediction: '1',
            expected: '1',
            correct: i >= wrong,
            latencyMs: 1,
            batch: 0,
          })),
        },
      );
    const g = gates({ accuracy: { max_drop: 0.01 } });
    const f = finding(run([flips(6)]), run([flips(0)]), 'accuracy', { gates: g });
    expect(f?.method).toBe('paired');
    expect(f?.pValue).toBeCloseTo(2 * 0.5 ** 6, 10);
    expect(f?.outcome).not.toBe('regression');
    expect(finding(run([flips(6)]), run([flips(0)]), 'accuracy', { gates: g, alpha: 0.05 })?.outcome).toBe(
      'regression',
    );
    // A changed dataset is not paired, even when sample ids match.
    const unpaired = finding(changedDataset(run([flips(6)])), run([flips(0)]), 'accuracy', { gates: g });
    expect(unpaired).toMatchObject({
      method: 'threshold',
      reason: '3.0% worse (1 → 0.97), beyond the allowed 0.01',
    });
  });

  it('the noise band is 3 robust sigmas wide unless noiseK says otherwise', () => {
    // Median 100, MAD 1: sigma 1.48 ms, so 103 ms is inside 3 sigmas (104.4) and outside 1 (101.5).
    const history = [100, 101, 99, 102, 98, 100, 101, 99, 102, 98].map((v) => run([lat(v)]));
    const g = gates({ 'latency.mean_ms': { max_increase: '1%' } });
    const base = history.at(-1) as Results;
    expect(finding(run([lat(103)]), base, 'latency.mean_ms', { gates: g, history })).toMatchObject({
      method: 'noise-band',
      outcome: 'no change',
    });
    expect(finding(run([lat(103)]), base, 'latency.mean_ms', { gates: g, history, noiseK: 1 })?.outcome).toBe(
      'regression',
    );
  });

  it('interleaved rounds judge latency only; throughput of the same model is not judged on them', () => {
    const base = Array.from({ length: 20 }, (_, i) => 1 + (((i * 7) % 5) - 2) / 200);
    const interleaved = {
      baseSha256: '0'.repeat(64),
      baseSource: 'm.onnx at main',
      rounds: 20,
      samplesPerRound: 10,
      base,
      candidate: base.map((v) => v * 1.1),
    };
    const cur = run([
      lat(1.1, { interleaved, sha256: 'e'.repeat(64), metrics: { ...lat(1.1).metrics, throughput: 300 } }),
    ]);
    const g = gates({ 'latency.mean_ms': { max_increase: '5%' }, throughput: { max_drop: '5%' } });
    const c = compareResults(cur, run([lat(1)]), { gates: g });
    expect(c.findings.find((f) => f.metric === 'latency.mean_ms')).toMatchObject({
      method: 'interleaved',
      outcome: 'regression',
      mode: 'block',
    });
    expect(c.findings.find((f) => f.metric === 'throughput')).toMatchObject({
      method: 'threshold',
      outcome: 'inconclusive',
    });
    // Timed in this job, the latency verdict does not depend on the dataset: still blocking.
    const changed = compareResults(changedDataset(cur), run([lat(1)]), { gates: g });
    expect(changed.findings.find((f) => f.metric === 'latency.mean_ms')?.mode).toBe('block');
    expect(changed.findings.find((f) => f.metric === 'throughput')?.mode).toBe('warn');
  });

  it('only a block gate is downgraded: info findings on another machine or dataset stay info', () => {
    const other = compareResults(
      run([lat(2)], { environment: { ...results([]).environment, cpu: 'Other CPU' } }),
      run([lat(1)]),
    );
    const f = other.findings.find((x) => x.metric === 'latency.mean_ms');
    expect(f).toMatchObject({ outcome: 'not compared', mode: 'info' });
    expect(f?.downgraded).toBeUndefined();
    const moved = compareResults(changedDataset(run([size(2000)])), run([size(1000)]));
    expect(moved.findings.find((x) => x.metric === 'size_bytes')).toMatchObject({
      outcome: 'regression',
      mode: 'info',
    });
    expect(moved.findings.every((x) => x.downgraded === undefined)).toBe(true);
  });
});

describe('noisy metrics of an unchanged model file', () => {
  it('every timing, throughput, load time and memory difference is noise; the file size is still judged', () => {
    const base = model('m', {
      latency: { meanMs: 2, p50Ms: 1.5, p95Ms: 4, p99Ms: 5, minMs: 1, maxMs: 6 },
      throughput: 500,
      loadMs: 12,
      memoryMiB: 3.5,
      sizeBytes: 1000,
    });
    const cur = model('m', {
      latency: { meanMs: 3, p50Ms: 2.5, p95Ms: 6, p99Ms: 8, minMs: 2, maxMs: 9 },
      throughput: 300,
      loadMs: 20,
      memoryMiB: 5,
      sizeBytes: 2000,
    });
    const c = compareResults(run([cur]), run([base]));
    expect(Object.fromEntries(c.findings.map((f) => [f.metric, f.outcome]))).toEqual({
      'latency.mean_ms': 'noise',
      'latency.p50_ms': 'noise',
      'latency.p95_ms': 'noise',
      'latency.p99_ms': 'noise',
      throughput: 'noise',
      load_time_ms: 'noise',
      memory_mib: 'noise',
      size_bytes: 'regression',
    });
    expect(c.findings.find((f) => f.metric === 'latency.p99_ms')?.reason).toBe(
      "the model file is unchanged since the baseline (same sha256), so 5.00 ms → 8.00 ms is the runner's noise, not the model's",
    );
  });
});

describe('when each method applies', () => {
  const sample = (i: number, correct: boolean | undefined) => ({
    id: `s${i}`,
    prediction: '1',
    expected: '1',
    ...(correct === undefined ? {} : { correct }),
    latencyMs: 1,
    batch: 0,
  });
  /** n samples s0..s(n-1), the first `wrong` of them wrong; `unlabelled` more without a label. */
  const labelled = (n: number, wrong: number, unlabelled = 0) =>
    model(
      'm',
      { accuracy: 1 - wrong / n },
      {
        samples: [
          ...Array.from({ length: n }, (_, i) => sample(i, i >= wrong)),
          ...Array.from({ length: unlabelled }, (_, i) => sample(n + i, undefined)),
        ],
      },
    );
  const g = gates({ accuracy: { max_drop: 0.01 } });

  it('accuracy is paired when 90% of the samples match by id, and not below that', () => {
    expect(finding(run([labelled(180, 20)]), run([labelled(200, 0)]), 'accuracy', { gates: g })?.method).toBe(
      'paired',
    );
    expect(finding(run([labelled(179, 20)]), run([labelled(200, 0)]), 'accuracy', { gates: g })?.method).toBe(
      'threshold',
    );
    expect(finding(run([labelled(200, 20)]), run([labelled(179, 0)]), 'accuracy', { gates: g })?.method).toBe(
      'threshold',
    );
    // Samples without a label are left out of the pairs: 100 of 200 paired is too few.
    expect(
      finding(run([labelled(100, 0, 100)]), run([labelled(200, 0)]), 'accuracy', { gates: g })?.method,
    ).toBe('threshold');
  });

  it('a paired finding carries the exact test, its interval and the flipped samples', () => {
    const f = finding(run([labelled(200, 30)]), run([labelled(200, 0)]), 'accuracy', { gates: g });
    expect(f).toMatchObject({ outcome: 'regression', method: 'paired', severity: 5 });
    expect(f?.interval?.confidence).toBeGreaterThan(0);
    expect(f?.interval?.upper).toBeLessThan(-0.01);
    expect(f?.flips?.passToFail).toHaveLength(30);
    expect(f?.moreSamples).toBeUndefined();
    expect(f && 'moreSamples' in f).toBe(false);
  });

  it('a relative max_drop on accuracy is taken of the baseline accuracy', () => {
    // 50% accurate before; 12 more wrong of 200 is a 0.06 drop: past 10% of 0.5 (0.05), within 10 points.
    const half = (extra: number) =>
      model(
        'm',
        { accuracy: 0.5 - extra / 200 },
        {
          samples: Array.from({ length: 200 }, (_, i) => sample(i, i >= 100 + extra)),
        },
      );
    const rel = finding(run([half(12)]), run([half(0)]), 'accuracy', {
      gates: gates({ accuracy: { max_drop: '10%' } }),
    });
    expect(rel?.outcome).toBe('regression');
  });

  it('interleaved timing needs rounds, and a tail metric needs the batches of both sides', () => {
    const lat = (ms: number, interleaved: ModelResult['interleaved']) =>
      model(
        'm',
        { latency: { meanMs: ms, p50Ms: ms, p95Ms: ms, p99Ms: ms, minMs: ms, maxMs: ms } },
        { sha256: 'e'.repeat(64), ...(interleaved ? { interleaved } : {}) },
      );
    const empty = {
      baseSha256: 'x',
      baseSource: 'b',
      rounds: 0,
      samplesPerRound: 1,
      base: [],
      candidate: [],
    };
    const stored = run([{ ...lat(1, undefined), sha256: 'f'.repeat(64) }]);
    const none = finding(run([lat(1.3, empty)]), stored, 'latency.mean_ms');
    expect(none?.method).toBe('threshold');
    const rounds = Array.from({ length: 20 }, (_, i) => 1 + (((i * 7) % 5) - 2) / 200);
    const halfBatches = {
      ...empty,
      rounds: 20,
      base: rounds,
      candidate: rounds.map((v) => v * 1.3),
      baseBatches: rounds.map((v) => [v, v]),
    };
    const cur = run([lat(1.3, halfBatches)]);
    expect(finding(cur, stored, 'latency.p95_ms')?.method).toBe('threshold');
    const median = finding(cur, stored, 'latency.mean_ms');
    expect(median).toMatchObject({ method: 'interleaved', outcome: 'regression' });
    expect(median?.reason).toMatch(/; 20 interleaved rounds against b$/);
    expect(median?.interval?.lower).toBeGreaterThan(0);
  });

  it('five past runs are enough for the noise band; a value outside it but within the gate is no change', () => {
    const lat = (ms: number) =>
      model(
        'm',
        { latency: { meanMs: ms, p50Ms: ms, p95Ms: ms, p99Ms: ms, minMs: ms, maxMs: ms } },
        { sha256: 'e'.repeat(64) },
      );
    const history = [100, 101, 99, 102, 98].map((v) => run([lat(v)]));
    const base = history.at(-1) as Results;
    const f = finding(run([lat(104)]), base, 'latency.mean_ms', {
      gates: gates({ 'latency.mean_ms': { max_increase: '10%' } }),
      history,
      noiseK: 1,
    });
    expect(f).toMatchObject({ method: 'noise-band', outcome: 'no change' });
    expect(f?.reason).toMatch(/^outside the noise band but 4\.0% worse is below the 10\.0% gate/);
  });

  it('one stored run: a change of exactly the gate is no longer "within" it', () => {
    const lat = (ms: number, sha: string) =>
      model(
        'm',
        { latency: { meanMs: ms, p50Ms: ms, p95Ms: ms, p99Ms: ms, minMs: ms, maxMs: ms } },
        { sha256: sha },
      );
    const f = finding(run([lat(105, 'e'.repeat(64))]), run([lat(100, 'f'.repeat(64))]), 'latency.mean_ms', {
      gates: gates({ 'latency.mean_ms': { max_increase: '5%' } }),
    });
    expect(f?.outcome).toBe('inconclusive');
  });
});

describe('setup changes', () => {
  it('threads and warmup are named in config terms; both setups timed interleaved is said', () => {
    const base = run([model('m')]);
    const cur = model('m', {}, { threads: { intraOp: 2, interOp: 1 }, warmupRuns: 0 });
    expect(compareResults(run([cur]), base).notes).toEqual([
      'model m (suite digits-eval): the setup changed since the baseline: threads 1 -> 2, warmup 3 -> 0',
    ]);
    const timed = {
      ...cur,
      interleaved: {
        baseSha256: '0'.repeat(64),
        baseSource: 'm.onnx at main',
        rounds: 2,
        samplesPerRound: 1,
        base: [],
        candidate: [],
        baseSetup: { batchSize: 16, threads: 1, warmup: 3 },
      },
    };
    expect(compareResults(run([timed]), base).notes).toEqual([
      'model m (suite digits-eval): the setup changed since the baseline: threads 1 -> 2, warmup 3 -> 0; both setups were timed interleaved in this job',
    ]);
  });

  it('an endpoint model (no local threads) on either side has no threads change', () => {
    const { threads: _, ...endpoint } = model('m', {}, { threads: { intraOp: 4, interOp: 1 } });
    expect(compareResults(run([endpoint]), run([model('m')])).notes).toEqual([]);
    expect(compareResults(run([model('m')]), run([endpoint])).notes).toEqual([]);
  });
});

describe('the trend', () => {
  const at = (i: number, accuracy: number, sha?: string): Results => ({
    ...run([model('m', { accuracy })]),
    createdAt: `2026-01-${String(i).padStart(2, '0')}T00:00:00.000Z`,
    provenance: sha ? { sha } : {},
  });

  it('keeps the last 19 stored runs plus this one, labelled by commit or else by date', () => {
    const history = Array.from({ length: 25 }, (_, i) => at(i + 1, i / 100));
    const trend = compareResults(at(26, 0.5, 'f'.repeat(40)), history[24], { history }).trend;
    const points = trend?.find((t) => t.metric === 'accuracy')?.points ?? [];
    expect(points).toHaveLength(20);
    expect(points[0]).toEqual({ label: '2026-01-07', value: 0.06 });
    expect(points.at(-1)).toEqual({ label: 'this run', value: 0.5 });
  });

  it('a model with one point (new since the history) has no series', () => {
    const history = [at(1, 0.8)];
    const cur = run([model('m', { accuracy: 0.9 }), model('fresh', { accuracy: 0.7 })]);
    const trend = compareResults(cur, history[0], { history }).trend ?? [];
    expect(trend.map((t) => `${t.model} ${t.metric}`)).toEqual(['m accuracy', 'm latency.p95_ms']);
  });
});

describe('what the comparison carries along', () => {
  it('the baseline it used, and a trend once there is history', () => {
    const base = run([model('m', { accuracy: 0.9 })]);
    const baseline = {
      store: 'file',
      matched: 'file' as const,
      location: 'base.json',
      createdAt: '2026-01-01T00:00:00.000Z',
      ageHours: 1,
    };
    const c = compareResults(run([model('m', { accuracy: 0.91 })]), base, {
      baselineInfo: baseline,
      history: [base],
    });
    expect(c.baseline).toEqual(baseline);
    expect(c.trend?.find((t) => t.metric === 'accuracy')?.points.map((p) => p.value)).toEqual([0.9, 0.91]);
    const none = compareResults(run([model('m')]), base);
    expect(none.baseline).toBeUndefined();
    expect(none.trend).toBeUndefined();
  });
});
