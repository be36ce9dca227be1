import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ArtifactStore } from '../baseline/artifact-store.js';
import { BranchStore } from '../baseline/branch-store.js';
import { CacheStore } from '../baseline/cache-store.js';
import type { RunContext } from '../baseline/context.js';
import { FileStore } from '../baseline/file-store.js';
import { isGitRepo, repoRelative, showBlob } from '../baseline/git.js';
import { GitlabStore } from '../baseline/gitlab-store.js';
import type { BaselineStore } from '../baseline/store.js';
import type { BaselineConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import type { TimingSetup } from '../evals/interleave.js';
import type { ModelSpec } from '../inference/registry.js';
import type { Results } from '../results/schema.js';

/** The store `baseline.store` (or the action's `baseline` input) names; undefined for `none`. */
export function storeFor(
  config: BaselineConfig,
  cwd: string,
  log?: (m: string) => void,
  configDir = cwd,
  /** The results file, relative to `cwd`: what the gitlab store reads from job artifacts. */
  resultsPath?: string,
): BaselineStore | undefined {
  switch (config.store) {
    case 'none':
      return undefined;
    case 'file':
      // Like every path in the config, baseline.path is relative to the config file.
      return new FileStore(cwd, path.relative(cwd, path.resolve(configDir, config.path)) || config.path);
    case 'branch':
      return new BranchStore(cwd, { branch: config.branch, history: config.history });
    case 'artifact':
      return new ArtifactStore({ log });
    case 'cache':
      return new CacheStore({ history: config.history, log });
    case 'gitlab':
      return new GitlabStore({ ...(resultsPath ? { artifactPath: resultsPath } : {}), log });
  }
}

export interface BaselineModel {
  bytes: Uint8Array;
  sha256: string;
  /** Where it came from, for the report: `models/m.onnx at 1a2b3c4d5e6f`. */
  source: string;
}

/**
 * The baseline version of a model, to time interleaved with it: `baseline_model:` when given,
 * else the same path as it was at the merge-base (or the base branch tip), read with `git show`.
 */
export async function baselineModelFor(
  spec: ModelSpec,
  ctx: RunContext,
  cwd: string,
): Promise<BaselineModel | undefined> {
  const hash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
  if (spec.baselineModel) {
    const bytes = await readFile(spec.baselineModel).catch(() => {
      throw new UsageError(`model "${spec.name}": baseline_model ${spec.baselineModel} not found`);
    });
    return {
      bytes,
      sha256: hash(bytes),
      source: path.relative(cwd, spec.baselineModel) || spec.baselineModel,
    };
  }
  if (!spec.path || spec.quantizedFrom || !(await isGitRepo(cwd))) return undefined;
  const rel = await repoRelative(cwd, path.relative(cwd, spec.path));
  if (!rel) return undefined;
  const revs = [ctx.mergeBaseSha, ctx.baseBranch ? `origin/${ctx.baseBranch}` : undefined].filter(
    (r): r is string => Boolean(r),
  );
  for (const rev of revs) {
    const bytes = await showBlob(cwd, rev, rel);
    if (bytes) return { bytes, sha256: hash(bytes), source: `${rel} at ${rev.slice(0, 12)}` };
  }
  return undefined;
}

/** How the baseline run ran a model: batch size, intra-op threads and warm-up, as it recorded them. */
export function baselineSetupOf(
  baseline: Results | undefined,
  suite: string,
  model: string,
): TimingSetup | undefined {
  const m = baseline?.suites.find((s) => s.name === suite)?.models.find((x) => x.name === model);
  // Endpoint models have no local setup to time against.
  return m?.threads && { batchSize: m.batchSize, threads: m.threads.intraOp, warmup: m.warmupRuns };
}
