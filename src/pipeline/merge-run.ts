import path from 'node:path';
import type { LoadedConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { readResults } from '../results/io.js';
import { configDigest, runEvals } from './evals.js';
import { mergeShards, type ShardFile } from './merge.js';
import { exitCodeFor, type RunOutcome, type RunSettings, withBaseline, writeOutputs } from './run.js';

/**
 * One shard of `autoglm run --shard i/N`: its share of every suite's samples, gated on their own,
 * written out. No baseline is compared or saved here: that happens once, after `autoglm merge`.
 */
export async function runShard(loaded: LoadedConfig, settings: RunSettings): Promise<RunOutcome> {
  const shard = settings.shard as NonNullable<RunSettings['shard']>;
  settings.log?.(`shard ${shard.index}/${shard.total}: comparison and baseline wait for autoglm merge`);
  const results = await runEvals(loaded, settings);
  const written = await writeOutputs(results, loaded, settings);
  return { results, ...written, exitCode: exitCodeFor(results.verdict, settings.failOn) };
}

/** `autoglm merge FILE...`: join the shards exactly, then compare, gate, report (and save) once. */
export async function mergePipeline(
  files: readonly string[],
  loaded: LoadedConfig,
  settings: RunSettings,
): Promise<RunOutcome> {
  if (files.length === 0) throw new UsageError("autoglm merge: give the shards' results files");
  const shards: ShardFile[] = [];
  for (const f of files) shards.push({ file: f, results: await readResults(path.resolve(settings.cwd, f)) });
  const merged = mergeShards(shards, {
    gates: loaded.config.gates,
    configSha256: configDigest(loaded.config),
  });
  const { results } = await withBaseline(loaded, settings, async () => merged);
  const written = await writeOutputs(results, loaded, settings);
  return { results, ...written, exitCode: exitCodeFor(results.verdict, settings.failOn) };
}
