import type { ModelResult } from '../results/schema.js';

/**
 * What changed in how a model was run between the baseline and this run, in config terms
 * (`batch_size 16 -> 1`, `threads 1 -> 2`, `warmup 3 -> 0`): each moves latency, throughput and
 * memory as surely as a new model file does. Empty when the setup is the same.
 */
export function setupChanges(base: ModelResult, current: ModelResult): string[] {
  const out: string[] = [];
  if (base.batchSize !== current.batchSize) out.push(`batch_size ${base.batchSize} -> ${current.batchSize}`);
  // Endpoint models (api: http) have no local threads.
  if (base.threads && current.threads && base.threads.intraOp !== current.threads.intraOp)
    out.push(`threads ${base.threads.intraOp} -> ${current.threads.intraOp}`);
  if (base.warmupRuns !== current.warmupRuns) out.push(`warmup ${base.warmupRuns} -> ${current.warmupRuns}`);
  return out;
}
