import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedConfig, loadConfig } from '../src/config/load.js';
import { summarizeLatency } from '../src/evals/stats.js';
import { configDigest, runEvals } from '../src/pipeline/evals.js';
import { mergeShards, type ShardFile } from '../src/pipeline/merge.js';
import { batchUnit, parseShard, shardItems, shardRange } from '../src/pipeline/shard.js';
import type { Results } from '../src/results/schema.js';
import { usageErrorAsync } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEMO = path.join(ROOT, 'examples', 'demo', 'autoglm.yml');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'autoglm-shard-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Everything of a record but its timing, which no two runs share. */
const stable = (r: Results) =>
  r.suites.map((s) => ({
    name: s.name,
    dataset: s.dataset,
    agreement: s.agreement,
    models: s.models.map((m) => ({
      name: m.name,
      sha256: m.sha256,
      accuracy: m.metrics.accuracy,
      macroF1: m.metrics.macroF1,
      samples: m.samples.map(({ latencyMs: _, ...rest }) => rest),
    })),
  }));

describe('shard arithmetic', () => {
  it('parses i/N and refuses impossible shards', async () => {
    expect(parseShard('2/4')).toEqual({ index: 2, total: 4 });
    expect((await usageErrorAsync(() => parseShard('3/2'))).message).toContain('between 1 and 2 (got 3)');
    expect((await usageErrorAsync(() => parseShard('0/4'))).message).toContain('between 1 and 4 (got 0)');
    expect((await usageErrorAsync(() => parseShard('1/0'))).message).toContain('at least 1');
    expect((await usageErrorAsync(() => parseShard('half'))).message).toContain('expected i/N');
  });

  it('splits samples into contiguous, batch-aligned ranges that cover the dataset once', () => {
    expect(batchUnit([16, 16, 8])).toBe(16);
    expect(batchUnit([6, 4])).toBe(12);
    const ranges = [1, 2, 3, 4].map((index) => shardRange(200, 16, { index, total: 4 }));
    expect(ranges).toEqual([
      { start: 0, end: 48 },
      { start: 48, end: 96 },
      { start: 96, end: 144 },
      { start: 144, end: 200 },
    ]);
    // More shards than units: some shards are empty, none overlaps.
    const tiny = [1, 2, 3].map((index) => shardRange(10, 16, { index, total: 3 }));
    expect(tiny.reduce((a, r) => a + r.end - r.start, 0)).toBe(10);
    expect(shardItems(['a', 'b', 'c', 'd', 'e'], { index: 2, total: 2 })).toEqual(['b', 'd']);
  });
});

describe('merging 4 shards of the demo', () => {
  let loaded: LoadedConfig;
  let single: Results;
  let shards: ShardFile[];

  beforeAll(async () => {
    loaded = await loadConfig(DEMO);
    const env = { GITHUB_SHA: 'a'.repeat(40) };
    single = await runEvals(loaded, { cwd: tmp, env });
    shards = [];
    for (const index of [1, 2, 3, 4]) {
      const results = await runEvals(loaded, { cwd: tmp, env, shard: { index, total: 4 } });
      shards.push({ file: `shard-${index}.json`, results });
    }
  }, 120_000);

  it('each shard holds only its samples and says which', () => {
    expect(shards.map((s) => s.results.suites[0]?.range)).toEqual([
      { start: 0, end: 48, of: 200 },
      { start: 48, end: 96, of: 200 },
      { start: 96, end: 144, of: 200 },
      { start: 144, end: 200, of: 200 },
    ]);
    expect(shards[1]?.results.shard).toEqual({
      index: 2,
      total: 4,
      configSha256: configDigest(loaded.config),
    });
    expect(shards[1]?.results.suites[0]?.models[0]?.samples).toHaveLength(48);
  });

  it('equals the single run: every metric, every per-sample record, every agreement figure', () => {
    // Given out of order: merge sorts by shard index.
    const merged = mergeShards([shards[2], shards[0], shards[3], shards[1]] as ShardFile[], {
      gates: loaded.config.gates,
      configSha256: configDigest(loaded.config),
    });
    expect(stable(merged)).toEqual(stable(single));
    expect(merged.suites[0]?.range).toBeUndefined();
    expect(merged.shard).toBeUndefined();
    for (const m of merged.suites[0]?.models ?? []) {
      expect(m.samples).toHaveLength(200);
      // Timing metrics are recomputed from the merged records, not averaged over shards.
      expect(m.metrics.latency).toEqual(summarizeLatency(m.samples.map((s) => s.latencyMs)));
    }
    const accuracyGates = (r: Results) => r.gates.filter((g) => g.metric === 'accuracy');
    expect(accuracyGates(merged)).toEqual(accuracyGates(single));
    expect(merged.verdict).toBe(single.verdict);
    expect(merged.provenance.sha).toBe('a'.repeat(40));
  });

  it('refuses a missing or repeated shard, another config, another commit and non-shards', async () => {
    const msg = async (files: ShardFile[], configSha256?: string) =>
      (await usageErrorAsync(() => mergeShards(files, { configSha256 }))).message;
    expect(await msg(shards.slice(0, 3))).toContain('shard 4 of 4 missing');
    expect(await msg([...shards.slice(0, 3), shards[0] as ShardFile])).toContain('shard 1/4 is given twice');
    expect(await msg(shards, 'f'.repeat(64))).toContain('different config than the one given');
    const other = structuredClone(shards[3] as ShardFile);
    (other.results.shard as NonNullable<Results['shard']>).configSha256 = 'e'.repeat(64);
    expect(await msg([...shards.slice(0, 3), other])).toContain('ran with different configs');
    const commit = structuredClone(shards[3] as ShardFile);
    commit.results.provenance.sha = 'b'.repeat(40);
    expect(await msg([...shards.slice(0, 3), commit])).toContain('ran on different commits');
    expect(await msg([{ file: 'single.json', results: single }])).toContain('single.json is not a shard');
  });
});
