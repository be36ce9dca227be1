import { coverageMetrics } from '../results/coverage.js';
import type { Results } from '../results/schema.js';
import { headlineMetrics } from './openmetrics.js';

/** GitLab.com's smallest plan limit on dotenv variables, and the file size limit (5 KiB). */
export const DOTENV_MAX_VARIABLES = 20;
export const DOTENV_MAX_BYTES = 5120;

/** `AUTOGLM_` + upper-case letters, digits and underscores: what dotenv reports accept as names. */
export function envName(...parts: string[]): string {
  return `AUTOGLM_${parts
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')}`;
}

/**
 * The verdict and headline metrics as a dotenv report, for later jobs (`needs:` + the variables).
 * GitLab's parser takes no quotes, spaces, comments or empty lines, at most 20 variables (on some
 * plans) and 5 KiB: values are single tokens, and per-model metrics stop at the limit, first
 * suite and model first. Names come from model names, so they are reduced to [A-Z0-9_].
 */
export function renderDotenv(results: Results, extra: Record<string, string> = {}): string {
  const vars = new Map<string, string>();
  const set = (name: string, value: string | number) => {
    const v = String(value).replace(/[\s"'`\\#]+/g, '_');
    if (!vars.has(name) && vars.size < DOTENV_MAX_VARIABLES) vars.set(name, v);
  };
  set('AUTOGLM_VERDICT', results.verdict);
  set(
    'AUTOGLM_REGRESSIONS',
    results.comparison?.findings.filter((f) => f.outcome === 'regression').length ?? 0,
  );
  set('AUTOGLM_GATES_FAILED', results.gates.filter((g) => g.status === 'fail').length);
  for (const [k, v] of Object.entries(extra)) set(envName(k), v);
  if (results.comparison?.baseline?.sha) set('AUTOGLM_BASELINE_SHA', results.comparison.baseline.sha);
  if (results.coverage) {
    const cov = coverageMetrics(results.coverage);
    set('AUTOGLM_COVERAGE_LINES', cov['coverage.lines'] as number);
    if (cov['coverage.patch'] !== undefined) set('AUTOGLM_COVERAGE_PATCH', cov['coverage.patch']);
  }
  // Accuracy-like metrics and p95 latency only: the limit is small and these are what gates use.
  const wanted = new Set(['accuracy', 'macro_f1', 'mae', 'rmse', 'cosine', 'latency_p95_ms']);
  for (const s of results.suites) {
    for (const m of s.models) {
      for (const [metric, value] of headlineMetrics(m.metrics)) {
        if (wanted.has(metric)) set(envName(m.name, metric), value);
      }
    }
  }
  let text = '';
  for (const [k, v] of vars) {
    const line = `${k}=${v}\n`;
    if (Buffer.byteLength(text + line) > DOTENV_MAX_BYTES) break;
    text += line;
  }
  return text;
}
