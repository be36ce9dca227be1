import {
  DEFAULT_THRESHOLDS,
  GATE_METRICS,
  type GateConfig,
  type GateMetric,
  isHigherBetter,
  type Threshold,
} from '../config/schema.js';
import type { BaselineInfo, Comparison, Finding } from '../results/comparison.js';
import type { Environment, ModelResult, Results, SuiteResult } from '../results/schema.js';
import { metricValue } from './gates.js';
import { compareLlmSuites } from './llm.js';
import { setupChanges } from './setup.js';
import {
  accuracyVerdict,
  changePoints,
  classifyAgainstBand,
  type Direction,
  latencyVerdict,
  noiseBand,
  quantileVerdict,
  relativeRegression,
  severity,
} from './stats.js';
import { trendOf } from './trend.js';

type Outcome = Finding['outcome'];

export interface CompareOptions {
  gates?: Readonly<Record<string, GateConfig>>;
  baselineInfo?: BaselineInfo;
  /** Earlier runs of the base branch, oldest first: the noise band is learnt from them. */
  history?: readonly Results[];
  notes?: readonly string[];
  alpha?: number;
  noiseK?: number;
  seed?: number;
}

export { DEFAULT_THRESHOLDS };

/** Metrics that move from run to run on the same code: single stored numbers cannot judge them. */
const NOISY = new Set<string>([
  'latency.mean_ms',
  'latency.p50_ms',
  'latency.p95_ms',
  'latency.p99_ms',
  'throughput',
  'load_time_ms',
  'memory_mib',
]);

/** Machine facts a latency figure depends on; comparing across different ones is not like for like. */
export function fingerprint(env: Environment, model?: ModelResult): string {
  const threads = model?.threads ? ` · ${model.threads.intraOp}/${model.threads.interOp} threads` : '';
  return `${env.cpu} × ${env.cores} · Node ${env.node} · onnxruntime ${env.onnxruntime ?? '?'}${threads}`;
}

function gateFor(
  gates: Readonly<Record<string, GateConfig>>,
  metric: string,
  suite: string,
  model: string,
): GateConfig | undefined {
  const g = gates[metric];
  if (!g || (g.suite && g.suite !== suite) || (g.model && g.model !== model)) return undefined;
  return g;
}

/** The gate's threshold as a relative worsening (`0.05` = 5% worse), given the baseline value. */
function relativeOf(t: Threshold, base: number): number {
  if (t.relative) return t.amount;
  return base === 0 ? Number.POSITIVE_INFINITY : t.amount / Math.abs(base);
}

/** The gate's threshold as an absolute change in the metric's unit. */
function absoluteOf(t: Threshold, base: number): number {
  return t.relative ? t.amount * Math.abs(base) : t.amount;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A metric value in a reason: 4 significant digits, times in µs or ms like the tables, never 17 digits. */
export function show(v: number, metric = ''): string {
  if (!Number.isFinite(v)) return String(v);
  if (/_ms$/.test(metric)) {
    if (Math.abs(v) >= 100) return `${v.toFixed(0)} ms`;
    if (Math.abs(v) >= 1) return `${v.toFixed(2)} ms`;
    return `${(v * 1000).toFixed(1)} µs`;
  }
  return String(Number(v.toPrecision(4)));
}

interface Decision {
  outcome: Outcome;
  method: Finding['method'];
  reason: string;
  pValue?: number;
  interval?: Finding['interval'];
  moreSamples?: number;
  flips?: Finding['flips'];
  /**
   * The values the method compared, when they are not the stored ones: interleaved timing compares
   * this job's base and candidate rounds, and the finding's change and severity must be that
   * change, not the stored runs' (a regression beside "±0" or "5% better" reads as a wrong verdict).
   */
  values?: { base: number; current: number };
}

/** Deterministic metrics (quality on the same data, file size): a change beyond the gate is real. */
function byThreshold(base: number, current: number, direction: Direction, t: Threshold): Decision {
  const worsening = relativeRegression(base, current, direction);
  const change = direction === 'higher-is-better' ? base - current : current - base;
  const limit = absoluteOf(t, base);
  if (change > limit) {
    return {
      outcome: 'regression',
      method: 'threshold',
      reason: `${pct(worsening)} worse (${show(base)} → ${show(current)}), beyond the allowed ${t.text}`,
    };
  }
  if (-change > limit) {
    return {
      outcome: 'improvement',
      method: 'threshold',
      reason: `${pct(-worsening)} better (${show(base)} → ${show(current)})`,
    };
  }
  return {
    outcome: 'no change',
    method: 'threshold',
    reason: `${show(base)} → ${show(current)}, within ${t.text}`,
  };
}

/** Paired pass/fail on the same sample ids: exact McNemar plus a bootstrap interval of the difference. */
function paired(
  base: ModelResult,
  current: ModelResult,
  t: Threshold,
  alpha: number,
  seed: number,
): Decision | undefined {
  const baseById = new Map(base.samples.map((s) => [s.id, s.correct]));
  const ids: string[] = [];
  const before: boolean[] = [];
  const after: boolean[] = [];
  for (const s of current.samples) {
    const b = baseById.get(s.id);
    if (b === undefined || s.correct === undefined) continue;
    ids.push(s.id);
    before.push(b);
    after.push(s.correct);
  }
  // Pairing needs (nearly) the same samples; otherwise the stored aggregates are all there is.
  if (ids.length === 0 || ids.length < 0.9 * Math.max(base.samples.length, current.samples.length))
    return undefined;
  const baseRate = before.filter(Boolean).length / before.length;
  const v = accuracyVerdict(before, after, {
    alpha,
    minEffect: Math.min(0.999, absoluteOf(t, baseRate)),
    seed,
  });
  return {
    outcome: v.outcome,
    method: 'paired',
    reason: v.reason,
    pValue: v.test.pValue,
    interval: { lower: v.interval.lower, upper: v.interval.upper, confidence: v.interval.confidence },
    ...(v.moreSamples !== undefined ? { moreSamples: v.moreSamples } : {}),
    flips: {
      passToFail: v.passToFail.map((i) => ids[i] as string),
      failToPass: v.failToPass.map((i) => ids[i] as string),
    },
  };
}

/** The tail quantile a latency metric names; the mean and the median are judged on round medians. */
const TAIL: Readonly<Record<string, number>> = { 'latency.p95_ms': 0.95, 'latency.p99_ms': 0.99 };

function interleaved(
  current: ModelResult,
  metric: GateMetric,
  t: Threshold,
  base: number,
  alpha: number,
  seed: number,
): Decision | undefined {
  const il = current.interleaved;
  if (!il || il.base.length === 0) return undefined;
  const minEffect = Math.min(0.999, relativeOf(t, base));
  const q = TAIL[metric];
  const v =
    q === undefined
      ? latencyVerdict(il.base, il.candidate, { alpha, minEffect, seed })
      : il.baseBatches?.length && il.candidateBatches?.length
        ? quantileVerdict(il.baseBatches, il.candidateBatches, q, { alpha, minEffect, seed })
        : undefined;
  // Round medians say nothing about a tail: without the batches, the tail is left to stored numbers.
  if (!v) return undefined;
  const pValue = 'test' in v ? v.test.pValue : v.pValue;
  return {
    outcome: v.outcome,
    method: 'interleaved',
    reason: `${v.reason}; ${il.rounds} interleaved rounds against ${il.baseSource}`,
    pValue,
    interval: { lower: v.interval.lower, upper: v.interval.upper, confidence: v.interval.confidence },
    ...(v.moreSamples !== undefined ? { moreSamples: v.moreSamples } : {}),
    values:
      'baseQuantile' in v
        ? { base: v.baseQuantile, current: v.candQuantile }
        : { base: v.baseMedian, current: v.candMedian },
  };
}

/** Noisy metric with only stored numbers: the history's noise band, or honest inconclusiveness. */
function fromHistory(
  values: number[],
  current: number,
  base: number,
  direction: Direction,
  t: Threshold,
  k: number,
): Decision {
  const minEffect = relativeOf(t, base);
  if (values.length >= 5) {
    const band = noiseBand(values, { k });
    const c = classifyAgainstBand(current, band, direction, {
      minEffect: Number.isFinite(minEffect) ? minEffect : 0,
    });
    return { outcome: c.outcome, method: 'noise-band', reason: c.reason };
  }
  const worsening = relativeRegression(base, current, direction);
  if (Math.abs(worsening) < minEffect) {
    return {
      outcome: 'no change',
      method: 'threshold',
      reason: `${pct(Math.abs(worsening))} ${worsening >= 0 ? 'worse' : 'better'}, within ${t.text}`,
    };
  }
  return {
    outcome: 'inconclusive',
    method: 'threshold',
    reason: `${pct(Math.abs(worsening))} ${worsening >= 0 ? 'worse' : 'better'} than one stored run (${show(base)} → ${show(current)}), but one run cannot separate a change from runner noise: ${values.length} past run(s), the noise band needs 5; time the baseline model in this job (baseline.rounds) to decide`,
  };
}

function findModel(results: Results | undefined, suite: string, model: string): ModelResult | undefined {
  return results?.suites.find((s) => s.name === suite)?.models.find((m) => m.name === model);
}

/**
 * Change points over the base branch's history plus this run: a step in a metric's series (a
 * slow drift no single comparison flags) becomes a note naming the run where it started.
 */
function shiftNotes(
  history: readonly Results[],
  suite: string,
  model: string,
  metric: GateMetric,
  current: number,
): string[] {
  const points = history
    .map((r) => ({ r, m: findModel(r, suite, model) }))
    .filter((x): x is { r: Results; m: ModelResult } => x.m !== undefined)
    .map(({ r, m }) => ({ sha: r.provenance.sha, value: metricValue(m, metric) }))
    .filter((x): x is { sha: string | undefined; value: number } => x.value !== undefined);
  if (points.length < 10) return [];
  const series = [...points.map((p) => p.value), current];
  return changePoints(series, { alpha: 0.01, minRelativeShift: 0.05, minSize: 5 })
    .filter((c) => c.index >= series.length - 10)
    .map((c) => {
      const at =
        points[c.index]?.sha?.slice(0, 12) ?? `run ${c.index + 1} of ${series.length} (no commit recorded)`;
      return `${model} ${metric}: a step from ${Number(c.before.toPrecision(4))} to ${Number(c.after.toPrecision(4))} (${(c.relativeShift * 100).toFixed(1)}%) starting at ${at} (change point over the last ${series.length} runs, Pettitt p = ${Number(c.pValue.toPrecision(2))})`;
    });
}

const RANK: Record<Comparison['outcome'], number> = {
  regression: 3,
  inconclusive: 2,
  improvement: 1,
  'no change': 0,
};

/**
 * Compare a run with its baseline, metric by metric and model by model, choosing the strongest
 * method the data allow: paired tests on the same samples, interleaved timing, the history's
 * noise band, or a threshold for deterministic metrics. Pure: results in, findings out.
 */
export function compareResults(
  current: Results,
  baseline: Results | undefined,
  options: CompareOptions = {},
): Comparison {
  const notes = [...(options.notes ?? [])];
  if (!baseline) return { notes, findings: [], outcome: 'no change' };
  const gates = options.gates ?? {};
  const alpha = options.alpha ?? 0.01;
  const k = options.noiseK ?? 3;
  const seed = options.seed ?? 0x5eed;
  const findings: Finding[] = [];
  for (const suite of current.suites) {
    const baseSuite = baseline.suites.find((s) => s.name === suite.name);
    if (!baseSuite) {
      notes.push(`suite ${suite.name} is new: no baseline to compare with`);
      continue;
    }
    const sameData = !suite.dataset.sha256 || suite.dataset.sha256 === baseSuite.dataset.sha256;
    if (!sameData)
      notes.push(`suite ${suite.name}: the dataset changed since the baseline, so samples are not paired`);
    for (const model of suite.models) {
      const baseModel = baseSuite.models.find((m) => m.name === model.name);
      if (!baseModel) {
        notes.push(`model ${model.name} (suite ${suite.name}) is new: no baseline to compare with`);
        continue;
      }
      // Threads are part of the setup (below), not of the machine.
      const sameMachine = fingerprint(current.environment) === fingerprint(baseline.environment);
      const changed = setupChanges(baseModel, model);
      if (changed.length) {
        notes.push(
          `model ${model.name} (suite ${suite.name}): the setup changed since the baseline: ${changed.join(', ')}${model.interleaved?.baseSetup ? '; both setups were timed interleaved in this job' : ''}`,
        );
      }
      for (const metric of GATE_METRICS) {
        const cur = metricValue(model, metric);
        const base = metricValue(baseModel, metric);
        if (cur === undefined || base === undefined) continue;
        const direction: Direction = isHigherBetter(metric) ? 'higher-is-better' : 'lower-is-better';
        const gate = gateFor(gates, metric, suite.name, model.name);
        const t = gate?.max_drop ?? gate?.max_increase ?? DEFAULT_THRESHOLDS[metric];
        let mode: Finding['mode'] = gate && (gate.max_drop || gate.max_increase) ? gate.mode : 'info';
        let downgraded: string | undefined;
        let decision: Decision | undefined;
        if (metric === 'accuracy' && sameData) decision = paired(baseModel, model, t, alpha, seed);
        if (!decision && metric.startsWith('latency.'))
          decision = interleaved(model, metric, t, base, alpha, seed);
        if (!decision && NOISY.has(metric)) {
          const values = (options.history ?? [])
            .map((r) => findModel(r, suite.name, model.name))
            .map((m) => (m ? metricValue(m, metric) : undefined))
            .filter((v): v is number => v !== undefined);
          decision =
            values.length < 5 && model.sha256 === baseModel.sha256 && changed.length === 0
              ? sameMachine
                ? {
                    outcome: 'noise',
                    method: 'none',
                    reason: `the model file is unchanged since the baseline (same sha256), so ${show(base, metric)} → ${show(cur, metric)} is the runner's noise, not the model's`,
                  }
                : {
                    outcome: 'not compared',
                    method: 'none',
                    reason: `not compared: stored timings from another machine (${fingerprint(baseline.environment, baseModel)}, this run ${fingerprint(current.environment, model)}) and an unchanged model file; time the baseline model in this job (baseline.rounds) to judge`,
                  }
              : fromHistory(values, cur, base, direction, t, k);
          if (!sameMachine && mode === 'block') {
            mode = 'warn';
            downgraded = `the baseline ran on ${fingerprint(baseline.environment, baseModel)}, this run on ${fingerprint(current.environment, model)}`;
          }
        }
        decision ??= byThreshold(base, cur, direction, t);
        if (changed.length && NOISY.has(metric))
          decision = { ...decision, reason: `${decision.reason}; the setup changed: ${changed.join(', ')}` };
        notes.push(...shiftNotes(options.history ?? [], suite.name, model.name, metric, cur));
        if (!sameData && mode === 'block' && decision.method !== 'interleaved') {
          mode = 'warn';
          downgraded = 'the dataset changed since the baseline';
        }
        const judged = decision.values ?? { base, current: cur };
        const worsening = relativeRegression(judged.base, judged.current, direction);
        const threshold = relativeOf(t, judged.base);
        findings.push({
          suite: suite.name,
          model: model.name,
          metric,
          base: judged.base,
          current: judged.current,
          delta: judged.current - judged.base,
          worsening: Number.isFinite(worsening) ? worsening : null,
          outcome: decision.outcome,
          method: decision.method,
          reason: decision.reason,
          mode,
          ...(downgraded ? { downgraded } : {}),
          ...(gate && (gate.max_drop || gate.max_increase)
            ? { rule: `${gate.max_drop ? 'max_drop' : 'max_increase'} ${t.text}` }
            : {}),
          // Only a regression is outside the noise: every method calls a change within it something
          // else (no change, noise, inconclusive), so a worsening that is not a regression rates 1
          // or, inconclusive beyond the gate, 2.
          severity: severity({
            effect: worsening,
            inconclusive: decision.outcome === 'inconclusive',
            ...(decision.pValue !== undefined ? { pValue: decision.pValue } : {}),
            alpha,
            threshold: Number.isFinite(threshold) ? threshold : 0,
            mode,
            withinNoise: decision.outcome !== 'regression',
          }),
          ...(decision.pValue !== undefined ? { pValue: decision.pValue } : {}),
          ...(decision.interval ? { interval: decision.interval } : {}),
          ...(decision.moreSamples !== undefined ? { moreSamples: decision.moreSamples } : {}),
          ...(decision.flips ? { flips: decision.flips } : {}),
        });
      }
    }
    for (const m of baseSuite.models) {
      if (!suite.models.some((x) => x.name === m.name))
        notes.push(`model ${m.name} (suite ${suite.name}) was removed since the baseline`);
    }
  }
  for (const s of baseline.suites) {
    if (!current.suites.some((x: SuiteResult) => x.name === s.name))
      notes.push(`suite ${s.name} was removed since the baseline`);
  }
  findings.push(...compareLlmSuites(current, baseline, { gates, alpha, seed, notes }));
  const gated = findings.filter((f) => f.mode !== 'info');
  const pool = gated.length ? gated : findings;
  let outcome: Comparison['outcome'] = 'no change';
  for (const f of pool) {
    const o =
      f.outcome === 'new' || f.outcome === 'removed' || f.outcome === 'not compared' || f.outcome === 'noise'
        ? 'no change'
        : f.outcome;
    if (RANK[o] > RANK[outcome]) outcome = o;
  }
  const trend = trendOf(current, options.history ?? []);
  return {
    ...(options.baselineInfo ? { baseline: options.baselineInfo } : {}),
    notes,
    findings,
    outcome,
    ...(trend.length ? { trend } : {}),
  };
}
