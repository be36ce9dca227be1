import type { ModelResult, SuiteResult } from '../results/schema.js';

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(1)} µs`;
}

export function fmtBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(2)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** RSS growth: KiB below 1 MiB (never `0.0 MiB`), `–` when the growth was too small to see. */
export function fmtMemory(mib: number): string {
  if (!Number.isFinite(mib) || mib <= 0) return '–';
  return mib >= 1 ? `${mib.toFixed(1)} MiB` : fmtBytes(Math.round(mib * 1024 * 1024));
}

export const fmtPct = (x: number | undefined): string => (x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
export const fmtNum = (x: number | undefined, digits = 4): string =>
  x === undefined || !Number.isFinite(x) ? '–' : Number(x.toPrecision(digits)).toString();

export function fmtSignedPct(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  const pct = (ratio - 1) * 100;
  // Identical values read ±0, never "+0.0%".
  if (Math.abs(pct) < 0.05) return '±0';
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(1)}%`;
}

export interface Column {
  header: string;
  /** Right-align numbers in the terminal and in markdown. */
  numeric: boolean;
  cell(m: ModelResult): string;
}

/** The side-by-side columns; quality columns appear only when some model of the suite has them. */
export function sideBySideColumns(suite: SuiteResult): Column[] {
  const wanted = (metric: string) => !suite.metrics || suite.metrics.includes(metric);
  const has = (k: 'accuracy' | 'macroF1' | 'mae' | 'rmse' | 'cosine') =>
    suite.models.some((m) => m.metrics[k] !== undefined);
  const cols: Column[] = [{ header: 'model', numeric: false, cell: (m) => m.name }];
  if (wanted('latency')) {
    cols.push(
      { header: 'mean latency', numeric: true, cell: (m) => fmtMs(m.metrics.latency.meanMs) },
      { header: 'p95', numeric: true, cell: (m) => fmtMs(m.metrics.latency.p95Ms) },
    );
  }
  if (wanted('accuracy') && has('accuracy')) {
    cols.push({ header: 'accuracy', numeric: true, cell: (m) => fmtPct(m.metrics.accuracy) });
  }
  if (wanted('macro_f1') && has('macroF1')) {
    cols.push({ header: 'macro-F1', numeric: true, cell: (m) => fmtNum(m.metrics.macroF1, 3) });
  }
  if (wanted('mae') && has('mae'))
    cols.push({ header: 'MAE', numeric: true, cell: (m) => fmtNum(m.metrics.mae) });
  if (wanted('rmse') && has('rmse'))
    cols.push({ header: 'RMSE', numeric: true, cell: (m) => fmtNum(m.metrics.rmse) });
  if (wanted('cosine') && has('cosine')) {
    cols.push({ header: 'cosine', numeric: true, cell: (m) => fmtNum(m.metrics.cosine) });
  }
  if (wanted('memory')) {
    cols.push({
      header: 'memory',
      numeric: true,
      cell: (m) => (m.metrics.memoryMiB === undefined ? 'n/a' : fmtMemory(m.metrics.memoryMiB)),
    });
  }
  if (wanted('size'))
    cols.push({
      header: 'size',
      numeric: true,
      cell: (m) => (m.metrics.sizeBytes === undefined ? 'n/a' : fmtBytes(m.metrics.sizeBytes)),
    });
  if (wanted('throughput')) {
    cols.push({ header: 'throughput', numeric: true, cell: (m) => `${fmtNum(m.metrics.throughput, 3)}/s` });
  }
  if (wanted('load_time'))
    cols.push({
      header: 'load',
      numeric: true,
      cell: (m) => (m.metrics.loadMs === undefined ? 'n/a' : fmtMs(m.metrics.loadMs)),
    });
  return cols;
}

/** One line per quantized model: what int8 weights cost and save against the original. */
export function quantizationDeltas(suite: SuiteResult): string[] {
  const lines: string[] = [];
  for (const q of suite.models) {
    const base = q.quantizedFrom ? suite.models.find((m) => m.name === q.quantizedFrom) : undefined;
    if (!base || base.metrics.sizeBytes === undefined || q.metrics.sizeBytes === undefined) continue;
    const parts = [
      `size ${fmtBytes(base.metrics.sizeBytes)} → ${fmtBytes(q.metrics.sizeBytes)} (${fmtSignedPct(q.metrics.sizeBytes / base.metrics.sizeBytes)})`,
    ];
    if (base.metrics.accuracy !== undefined && q.metrics.accuracy !== undefined) {
      const pp = (q.metrics.accuracy - base.metrics.accuracy) * 100;
      parts.push(
        `accuracy ${fmtPct(base.metrics.accuracy)} → ${fmtPct(q.metrics.accuracy)} (${Math.abs(pp) < 0.05 ? '±0' : `${pp >= 0 ? '+' : '−'}${Math.abs(pp).toFixed(1)}`} pp)`,
      );
    }
    parts.push(
      `mean latency ${fmtMs(base.metrics.latency.meanMs)} → ${fmtMs(q.metrics.latency.meanMs)} (${fmtSignedPct(q.metrics.latency.meanMs / base.metrics.latency.meanMs)})`,
    );
    lines.push(`${q.name} vs ${base.name}: ${parts.join(', ')}`);
  }
  return lines;
}
