import { describe, expect, it } from 'vitest';
import {
  fmtBytes,
  fmtMemory,
  fmtMs,
  fmtNum,
  fmtSignedPct,
  quantizationDeltas,
  sideBySideColumns,
} from '../src/report/format.js';
import { model, suite } from './factories.js';

describe('number formats at their boundaries', () => {
  it('times: whole ms from 100, two decimals from 1, µs below; n/a when not finite', () => {
    expect(fmtMs(100)).toBe('100 ms');
    expect(fmtMs(99.994)).toBe('99.99 ms');
    expect(fmtMs(1)).toBe('1.00 ms');
    expect(fmtMs(0.9994)).toBe('999.4 µs');
    expect(fmtMs(Number.POSITIVE_INFINITY)).toBe('n/a');
  });

  it('bytes: KiB from 1024, MiB from 1 MiB', () => {
    expect(fmtBytes(1023)).toBe('1023 B');
    expect(fmtBytes(1024)).toBe('1.0 KiB');
    expect(fmtBytes(1024 * 1024 - 1)).toBe('1024.0 KiB');
    expect(fmtBytes(1024 * 1024)).toBe('1.00 MiB');
  });

  it('memory growth: MiB from 1, bytes below, a dash for none or no figure', () => {
    expect(fmtMemory(1)).toBe('1.0 MiB');
    expect(fmtMemory(12.34)).toBe('12.3 MiB');
    expect(fmtMemory(0.5)).toBe('512.0 KiB');
    expect(fmtMemory(0)).toBe('–');
    expect(fmtMemory(-1)).toBe('–');
    expect(fmtMemory(Number.NaN)).toBe('–');
  });

  it('numbers to four significant digits by default; a dash when missing or not finite', () => {
    expect(fmtNum(1.23456)).toBe('1.235');
    expect(fmtNum(1.23456, 2)).toBe('1.2');
    expect(fmtNum(undefined)).toBe('–');
    expect(fmtNum(Number.NaN)).toBe('–');
  });

  it('signed percent changes: ±0 within half a tenth, n/a when not finite', () => {
    expect(fmtSignedPct(1.5)).toBe('+50.0%');
    expect(fmtSignedPct(0.75)).toBe('−25.0%');
    expect(fmtSignedPct(1.0004)).toBe('±0');
    expect(fmtSignedPct(0.9996)).toBe('±0');
    expect(fmtSignedPct(1.0006)).toBe('+0.1%');
    expect(fmtSignedPct(Number.POSITIVE_INFINITY)).toBe('n/a');
  });
});

describe('side-by-side columns', () => {
  const headers = (s: ReturnType<typeof suite>) => sideBySideColumns(s).map((c) => c.header);

  it('quality columns only when a model has them; every column unless the suite selects some', () => {
    expect(headers(suite([model('a')]))).toEqual([
      'model',
      'mean latency',
      'p95',
      'memory',
      'size',
      'throughput',
      'load',
    ]);
    const rich = suite([
      model('a', { accuracy: 0.9, macroF1: 0.8, mae: 0.1, rmse: 0.2, cosine: 0.99 }),
      model('b'),
    ]);
    expect(headers(rich)).toEqual([
      'model',
      'mean latency',
      'p95',
      'accuracy',
      'macro-F1',
      'MAE',
      'RMSE',
      'cosine',
      'memory',
      'size',
      'throughput',
      'load',
    ]);
    expect(headers({ ...rich, metrics: ['accuracy', 'rmse', 'load_time'] })).toEqual([
      'model',
      'accuracy',
      'RMSE',
      'load',
    ]);
    expect(
      headers({ ...rich, metrics: ['latency', 'macro_f1', 'mae', 'cosine', 'memory', 'size', 'throughput'] }),
    ).toEqual(['model', 'mean latency', 'p95', 'macro-F1', 'MAE', 'cosine', 'memory', 'size', 'throughput']);
  });

  it('cells: each metric formatted, n/a where a model lacks it', () => {
    const a = model('a', { accuracy: 0.9, macroF1: 0.81234, mae: 0.12345, rmse: 0.23456, cosine: 0.999 });
    const b = model('b', { memoryMiB: undefined, sizeBytes: undefined, loadMs: undefined });
    const cols = sideBySideColumns(suite([a, b]));
    const row = (m: typeof a) => cols.map((c) => c.cell(m));
    expect(row(a)).toEqual([
      'a',
      '2.00 ms',
      '4.00 ms',
      '90.0%',
      '0.812',
      '0.1235',
      '0.2346',
      '0.999',
      '3.5 MiB',
      '40.0 KiB',
      '500/s',
      '12.00 ms',
    ]);
    expect(row(b)).toEqual([
      'b',
      '2.00 ms',
      '4.00 ms',
      '–',
      '–',
      '–',
      '–',
      '–',
      'n/a',
      'n/a',
      '500/s',
      'n/a',
    ]);
  });
});

describe('quantization deltas', () => {
  it('size, accuracy in points and mean latency against the original; none without both sizes', () => {
    const fp = model('fp32', {
      sizeBytes: 4096,
      accuracy: 0.9,
      latency: { meanMs: 4, p50Ms: 4, p95Ms: 4, p99Ms: 4, minMs: 4, maxMs: 4 },
    });
    const q = model('int8', { sizeBytes: 1024, accuracy: 0.91 }, { quantizedFrom: 'fp32' });
    expect(quantizationDeltas(suite([fp, q]))).toEqual([
      'int8 vs fp32: size 4.0 KiB → 1.0 KiB (−75.0%), accuracy 90.0% → 91.0% (+1.0 pp), mean latency 4.00 ms → 2.00 ms (−50.0%)',
    ]);
    const same = model('int8', { sizeBytes: 1024, accuracy: 0.9004 }, { quantizedFrom: 'fp32' });
    expect(quantizationDeltas(suite([fp, same]))[0]).toContain('accuracy 90.0% → 90.0% (±0 pp)');
    const noAcc = model('int8', { sizeBytes: 1024 }, { quantizedFrom: 'fp32' });
    expect(quantizationDeltas(suite([model('fp32', { sizeBytes: 4096 }), noAcc]))[0]).toBe(
      'int8 vs fp32: size 4.0 KiB → 1.0 KiB (−75.0%), mean latency 2.00 ms → 2.00 ms (±0)',
    );
    expect(
      quantizationDeltas(suite([fp, model('x', { sizeBytes: undefined }, { quantizedFrom: 'fp32' })])),
    ).toEqual([]);
    expect(quantizationDeltas(suite([model('fp32', { sizeBytes: undefined }), q]))).toEqual([]);
    expect(quantizationDeltas(suite([q]))).toEqual([]);
    expect(quantizationDeltas(suite([fp, model('plain')]))).toEqual([]);
  });
});
