import { describe, expect, it } from 'vitest';
import { acceptable, applyWaivers, covers } from '../src/compare/waivers.js';
import type { Finding } from '../src/results/comparison.js';
import type { GateOutcome, Results } from '../src/results/schema.js';
import type { Waiver } from '../src/results/waivers.js';
import { model, results, suite } from './factories.js';

/** `/autoglm accept <metric|model|all>`: which regressions a waiver accepts and what that does to the verdict. */

function finding(over: Partial<Finding> = {}): Finding {
  return {
    suite: 'digits-eval',
    model: 'm',
    metric: 'accuracy',
    base: 0.92,
    current: 0.88,
    delta: -0.04,
    worsening: 0.0435,
    outcome: 'regression',
    method: 'paired',
    reason: '4 samples flipped',
    mode: 'block',
    severity: 4,
    ...over,
  };
}

function gate(over: Partial<GateOutcome> = {}): GateOutcome {
  return {
    metric: 'size_bytes',
    suite: 'digits-eval',
    model: 'm',
    value: 9,
    max: 5,
    mode: 'block',
    status: 'fail',
    ...over,
  };
}

function doc(findings: Finding[], gates: GateOutcome[] = []): Results {
  return {
    ...results([suite([model('m')])], gates),
    comparison: { notes: [], findings, outcome: 'regression' },
  };
}

const waiver = (target: string, over: Partial<Waiver> = {}): Waiver => ({
  target,
  by: 'octocat',
  at: '2026-01-02T00:00:00Z',
  findings: [],
  ...over,
});

describe('covers', () => {
  it('a target is all, a metric or a model name; nothing else matches', () => {
    expect(covers('all', 'm', 'accuracy')).toBe(true);
    expect(covers('accuracy', 'm', 'accuracy')).toBe(true);
    expect(covers('m', 'm', 'accuracy')).toBe(true);
    expect(covers('latency.p95_ms', 'm', 'accuracy')).toBe(false);
    expect(covers('other', 'm', 'accuracy')).toBe(false);
  });
});

describe('acceptable: what a target would accept now', () => {
  it('lists gated regressions and failed or missing gates once each, as "model metric"', () => {
    const r = doc(
      [
        finding(),
        finding({ model: 'n', mode: 'warn' }),
        finding({ model: 'o', mode: 'info' }),
        finding({ model: 'p', outcome: 'improvement' }),
        finding({ model: 'q', outcome: 'inconclusive' }),
      ],
      [
        gate(),
        gate({ model: 'n', status: 'missing', mode: 'warn' }),
        gate({ model: 'o', status: 'fail', mode: 'info' }),
        gate({ model: 'p', status: 'pass' }),
        gate({ model: 'q', status: 'not applicable' }),
        gate({ model: 'm', metric: 'accuracy', status: 'fail' }),
      ],
    );
    expect(acceptable(r, 'all')).toEqual(['m accuracy', 'n accuracy', 'm size_bytes', 'n size_bytes']);
    expect(acceptable(r, 'size_bytes')).toEqual(['m size_bytes', 'n size_bytes']);
    expect(acceptable(r, 'n')).toEqual(['n accuracy', 'n size_bytes']);
    expect(acceptable(r, 'latency.p95_ms')).toEqual([]);
    expect(acceptable({ ...r, comparison: undefined }, 'accuracy')).toEqual(['m accuracy']);
  });
});

describe('applyWaivers', () => {
  it('marks the covered regressions and failed gates accepted, and the verdict follows', () => {
    const r = {
      ...doc([finding(), finding({ metric: 'throughput' })], [gate()]),
      verdict: 'regression' as const,
    };
    const accuracy = applyWaivers(r, [waiver('accuracy')]);
    expect(accuracy.comparison?.findings.map((f) => f.accepted)).toEqual([true, undefined]);
    expect(accuracy.gates[0]?.accepted).toBeUndefined();
    expect(accuracy.verdict).toBe('regression');
    const all = applyWaivers(r, [waiver('all')]);
    expect(all.comparison?.findings.map((f) => f.accepted)).toEqual([true, true]);
    expect(all.gates[0]?.accepted).toBe(true);
    expect(all.verdict).toBe('pass');
    expect(all.waivers).toEqual([waiver('all')]);
  });

  it('never marks what did not fail: passing gates and other outcomes stay as they were', () => {
    const r = doc([finding({ outcome: 'inconclusive' })], [gate({ status: 'pass' })]);
    const w = applyWaivers(r, [waiver('all')]);
    expect(w.comparison?.findings[0]?.accepted).toBeUndefined();
    expect(w.gates[0]?.accepted).toBeUndefined();
  });

  it('a warn-level regression accepted turns a warning into a pass', () => {
    const r = doc([finding({ mode: 'warn' })]);
    expect(applyWaivers(r, [waiver('m')]).verdict).toBe('pass');
    expect(applyWaivers(r, [waiver('other')]).verdict).toBe('warning');
  });

  it('one of several waivers is enough to accept a regression', () => {
    const r = doc([finding({ mode: 'warn' })]);
    const w = applyWaivers(r, [waiver('other'), waiver('accuracy')]);
    expect(w.comparison?.findings[0]?.accepted).toBe(true);
    expect(w.verdict).toBe('pass');
  });

  it('no waivers: the document is returned as it is', () => {
    const r = doc([finding()]);
    expect(applyWaivers(r, [])).toBe(r);
  });

  it('keeps the waivers already recorded, once each (same target, author and time)', () => {
    const earlier = waiver('accuracy', { reason: 'expected' });
    const r = { ...doc([finding()]), waivers: [earlier] };
    const again = applyWaivers(r, [
      waiver('accuracy', { reason: 'again' }),
      waiver('accuracy', { by: 'hubot' }),
    ]);
    expect(again.waivers).toEqual([earlier, waiver('accuracy', { by: 'hubot' })]);
  });

  it('a document without a comparison gets none', () => {
    const r = results([suite([model('m')])], [gate()]);
    const w = applyWaivers(r, [waiver('size_bytes')]);
    expect('comparison' in w).toBe(false);
    expect(w.gates[0]?.accepted).toBe(true);
    expect(w.verdict).toBe('pass');
  });
});
