import type { GateConfig, Threshold } from '../config/schema.js';
import type { Finding } from '../results/comparison.js';
import { type LlmModelResult, REPLAYED_TIMING_REASON } from '../results/llm.js';
import type { Results } from '../results/schema.js';
import { accuracyVerdict } from './stats/verdict.js';
import { relativeRegression, severity } from './stats.js';

export interface LlmCompareOptions {
  gates: Readonly<Record<string, GateConfig>>;
  alpha: number;
  seed: number;
  notes: string[];
}

const DEFAULT_PASS_RATE: Threshold = { amount: 0.01, relative: false, text: '0.01' };

function gateFor(gates: LlmCompareOptions['gates'], metric: string, suite: string, model: string) {
  const g = gates[metric];
  if (!g || (g.suite && g.suite !== suite) || (g.model && g.model !== model)) return undefined;
  return g;
}

/**
 * Pass rates of LLM suites against the baseline, case by case: the same case ids in both runs
 * give paired pass/fail outcomes, judged by the exact McNemar test and a bootstrap interval (the
 * engine's accuracyVerdict); the cases that flipped are listed both ways.
 */
export function compareLlmSuites(current: Results, baseline: Results, o: LlmCompareOptions): Finding[] {
  const findings: Finding[] = [];
  for (const suite of current.llm ?? []) {
    const baseSuite = baseline.llm?.find((s) => s.name === suite.name);
    if (!baseSuite) {
      o.notes.push(`LLM suite ${suite.name} is new: no baseline to compare with`);
      continue;
    }
    const sameCases = suite.cases.sha256 === baseSuite.cases.sha256;
    if (!sameCases)
      o.notes.push(
        `LLM suite ${suite.name}: the cases file changed since the baseline; cases are paired by id`,
      );
    for (const model of suite.models) {
      const base = baseSuite.models.find((m) => m.name === model.name);
      if (!base) {
        o.notes.push(`model ${model.name} (LLM suite ${suite.name}) is new: no baseline to compare with`);
        continue;
      }
      const f = passRateFinding(suite.name, base, model, sameCases, o);
      if (f) findings.push(f);
      for (const metric of ['latency.p95_ms', 'ttft.p95_ms'] as const) {
        const t = timingFinding(suite.name, metric, base, model, o);
        if (t) findings.push(t);
      }
    }
  }
  return findings;
}

function passRateFinding(
  suite: string,
  base: LlmModelResult,
  current: LlmModelResult,
  sameCases: boolean,
  o: LlmCompareOptions,
): Finding | undefined {
  const graded = (s: string) => s === 'pass' || s === 'fail' || s === 'error';
  const before = new Map(base.cases.filter((c) => graded(c.status)).map((c) => [c.id, c.status === 'pass']));
  const ids: string[] = [];
  const b: boolean[] = [];
  const a: boolean[] = [];
  for (const c of current.cases) {
    const was = before.get(c.id);
    if (was === undefined || !graded(c.status)) continue;
    ids.push(c.id);
    b.push(was);
    a.push(c.status === 'pass');
  }
  if (ids.length === 0) {
    o.notes.push(`model ${current.name} (LLM suite ${suite}): no case in common with the baseline`);
    return undefined;
  }
  const gate = gateFor(o.gates, 'pass_rate', suite, current.name);
  const t = gate?.max_drop ?? DEFAULT_PASS_RATE;
  let mode: Finding['mode'] = gate?.max_drop ? gate.mode : 'info';
  let downgraded: string | undefined;
  if (!sameCases && mode === 'block') {
    mode = 'warn';
    downgraded = 'the cases file changed since the baseline';
  }
  const baseRate = b.filter(Boolean).length / b.length;
  const curRate = a.filter(Boolean).length / a.length;
  const minEffect = Math.min(0.999, t.relative ? t.amount * baseRate : t.amount);
  const v = accuracyVerdict(b, a, { alpha: o.alpha, minEffect: Math.max(minEffect, 1e-9), seed: o.seed });
  const worsening = relativeRegression(baseRate, curRate, 'higher-is-better');
  return {
    suite,
    model: current.name,
    metric: 'pass_rate',
    base: baseRate,
    current: curRate,
    delta: curRate - baseRate,
    worsening: Number.isFinite(worsening) ? worsening : null,
    outcome: v.outcome,
    method: 'paired',
    reason: `${v.reason}; ${ids.length} paired cases`,
    mode,
    ...(downgraded ? { downgraded } : {}),
    ...(gate?.max_drop ? { rule: `max_drop ${t.text}` } : {}),
    severity: severity({
      effect:
        v.outcome === 'regression' || v.outcome === 'inconclusive'
          ? Math.max(worsening, 0)
          : Math.min(worsening, 0),
      inconclusive: v.outcome === 'inconclusive',
      pValue: v.test.pValue,
      alpha: o.alpha,
      threshold: t.relative ? t.amount : baseRate === 0 ? 0 : t.amount / baseRate,
      mode,
      withinNoise: v.outcome !== 'regression',
    }),
    pValue: v.test.pValue,
    interval: { lower: v.interval.lower, upper: v.interval.upper, confidence: v.interval.confidence },
    ...(v.moreSamples !== undefined ? { moreSamples: v.moreSamples } : {}),
    flips: {
      passToFail: v.passToFail.map((i) => ids[i] as string),
      failToPass: v.failToPass.map((i) => ids[i] as string),
    },
  };
}

const DEFAULT_TIMING: Threshold = { amount: 0.05, relative: true, text: '5%' };

const timing = (m: LlmModelResult, metric: 'latency.p95_ms' | 'ttft.p95_ms') =>
  metric === 'latency.p95_ms' ? m.metrics.latency?.p95Ms : m.metrics.ttft?.p95Ms;

/** Every answer came from a cassette: its timings were recorded, not measured in this run. */
const replayed = (m: LlmModelResult) => m.metrics.sources.replay > 0 && m.metrics.sources.network === 0;

/**
 * Server latency against one stored run. Replayed timings are the cassette's, so equal by
 * construction; measured ones move with the server's load, so a change beyond the threshold is
 * inconclusive, never a regression, unless more evidence exists (none is kept for endpoints yet).
 */
function timingFinding(
  suite: string,
  metric: 'latency.p95_ms' | 'ttft.p95_ms',
  base: LlmModelResult,
  current: LlmModelResult,
  o: LlmCompareOptions,
): Finding | undefined {
  const b = timing(base, metric);
  const c = timing(current, metric);
  if (b === undefined || c === undefined) return undefined;
  const gate = gateFor(o.gates, metric, suite, current.name);
  const t = gate?.max_increase ?? DEFAULT_TIMING;
  const mode: Finding['mode'] = gate?.max_increase ? gate.mode : 'info';
  const worsening = relativeRegression(b, c, 'lower-is-better');
  const limit = t.relative ? t.amount : b === 0 ? Number.POSITIVE_INFINITY : t.amount / b;
  let outcome: Finding['outcome'];
  let reason: string;
  if (replayed(current) && replayed(base)) {
    // Equal by construction: a tick here would judge nothing.
    outcome = 'not compared';
    reason = REPLAYED_TIMING_REASON;
  } else if (Math.abs(worsening) <= limit) {
    outcome = 'no change';
    reason = `${(Math.abs(worsening) * 100).toFixed(1)}% ${worsening >= 0 ? 'worse' : 'better'}, within ${t.text}`;
  } else {
    outcome = 'inconclusive';
    reason = `${(Math.abs(worsening) * 100).toFixed(1)}% ${worsening >= 0 ? 'worse' : 'better'} than one stored run (${b} → ${c} ms); a server's latency moves with its load, so one run cannot decide`;
  }
  return {
    suite,
    model: current.name,
    metric,
    base: b,
    current: c,
    delta: c - b,
    worsening: Number.isFinite(worsening) ? worsening : null,
    outcome,
    method: replayed(current) && replayed(base) ? 'none' : 'threshold',
    reason,
    mode,
    ...(gate?.max_increase ? { rule: `max_increase ${t.text}` } : {}),
    severity: severity({
      // Worse beyond the limit without the evidence to decide is level 2, as everywhere (issue 14).
      effect: Number.isFinite(worsening) ? Math.max(worsening, 0) : 0,
      inconclusive: outcome === 'inconclusive',
      alpha: o.alpha,
      threshold: Number.isFinite(limit) ? limit : 0,
      mode,
      withinNoise: true,
    }),
  };
}
