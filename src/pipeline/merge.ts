import { evaluateGates, verdictOf } from '../compare/gates.js';
import type { Config } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { mergePartials, roundPartials } from '../evals/exact-sum.js';
import { summarizeLatency } from '../evals/stats.js';
import { getAdapter } from '../inference/adapters.js';
import type { Agreement, ModelResult, Results, SuiteResult } from '../results/schema.js';
import { SCHEMA_VERSION } from '../results/schema.js';

/** A shard's results and where they came from (for messages). */
export interface ShardFile {
  file: string;
  results: Results;
}

function refuse(message: string): never {
  throw new UsageError(
    `autoglm merge: ${message}`,
    'merge the results of one `--shard i/N` run: same commit, same config, every shard once',
  );
}

/** Every shard of one run, once each, same config and commit; sorted by index. */
function checkShards(files: readonly ShardFile[], configSha256?: string): ShardFile[] {
  if (files.length === 0) refuse('no results files given');
  for (const f of files) {
    if (!f.results.shard) refuse(`${f.file} is not a shard's results (it was not run with --shard i/N)`);
  }
  const first = files[0] as ShardFile;
  const head = first.results.shard as NonNullable<Results['shard']>;
  for (const f of files) {
    const s = f.results.shard as NonNullable<Results['shard']>;
    if (s.total !== head.total)
      refuse(`${f.file} is shard ${s.index}/${s.total}, ${first.file} is shard ${head.index}/${head.total}`);
    if (s.configSha256 !== head.configSha256)
      refuse(
        `${f.file} and ${first.file} ran with different configs (config sha256 ${s.configSha256.slice(0, 12)} vs ${head.configSha256.slice(0, 12)})`,
      );
    const a = f.results.provenance.sha;
    const b = first.results.provenance.sha;
    if (a !== b)
      refuse(`${f.file} and ${first.file} ran on different commits (${a ?? 'unknown'} vs ${b ?? 'unknown'})`);
  }
  if (configSha256 !== undefined && head.configSha256 !== configSha256) {
    refuse(
      `the shards ran with a different config than the one given (config sha256 ${head.configSha256.slice(0, 12)} vs ${configSha256.slice(0, 12)})`,
    );
  }
  const byIndex = new Map<number, ShardFile>();
  for (const f of files) {
    const i = (f.results.shard as NonNullable<Results['shard']>).index;
    const dup = byIndex.get(i);
    if (dup) refuse(`shard ${i}/${head.total} is given twice: ${dup.file} and ${f.file}`);
    byIndex.set(i, f);
  }
  const missing = Array.from({ length: head.total }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length)
    refuse(`shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${head.total} missing`);
  return [...byIndex.keys()].sort((x, y) => x - y).map((i) => byIndex.get(i) as ShardFile);
}

function sameModel(a: ModelResult, b: ModelResult, where: string): void {
  const keys = ['name', 'sha256', 'adapter', 'batchSize', 'batched'] as const;
  for (const k of keys)
    if (a[k] !== b[k])
      refuse(`${where}: model ${a.name}: ${k} differs between shards (${String(a[k])} vs ${String(b[k])})`);
}

/** One model over every shard: records joined in sample order, metrics recomputed from them. */
function mergeModel(parts: readonly ModelResult[], where: string): ModelResult {
  const first = parts[0] as ModelResult;
  for (const p of parts) sameModel(first, p, where);
  const samples = parts.flatMap((p) => p.samples);
  const adapter = getAdapter(first.adapter);
  const latencies = samples.map((s) => s.latencyMs);
  let measured = 0;
  for (const l of latencies) measured += l;
  const interleaved = parts.find((p) => p.interleaved)?.interleaved;
  const { latency: _l, throughput: _t, ...resources } = first.metrics;
  void _l;
  void _t;
  return {
    ...first,
    ...(interleaved ? { interleaved } : {}),
    metrics: {
      ...Object.fromEntries(
        Object.entries(resources).filter(
          ([k]) => !['accuracy', 'macroF1', 'mae', 'rmse', 'cosine'].includes(k),
        ),
      ),
      ...adapter.summarize(samples),
      latency: summarizeLatency(latencies),
      throughput: measured > 0 ? (samples.length * 1000) / measured : 0,
      // Per-worker resources: the largest any shard needed.
      ...maxOf(parts, 'loadMs'),
      ...maxOf(parts, 'memoryMiB'),
      ...maxOf(parts, 'peakRssMiB'),
      ...(first.metrics.sizeBytes !== undefined ? { sizeBytes: first.metrics.sizeBytes } : {}),
    },
    samples,
  };
}

/** Agreement over every shard from the exact sums and counts each shard kept. */
function mergeAgreement(parts: readonly Agreement[], where: string): Agreement {
  const first = parts[0] as Agreement;
  const samples = parts.reduce((a, p) => a + p.samples, 0);
  const out: Agreement = { a: first.a, b: first.b, samples, outputs: [] };
  if (parts.every((p) => p.top1Matches !== undefined)) {
    const matches = parts.reduce((a, p) => a + (p.top1Matches as number), 0);
    out.top1 = samples ? matches / samples : 0;
    out.top1Matches = matches;
  }
  for (const o of first.outputs) {
    const same = parts.map((p) => p.outputs.find((x) => x.name === o.name));
    if (same.some((x) => !x || x.values === undefined || x.absDiffSum === undefined)) {
      refuse(
        `${where}: agreement ${first.a} vs ${first.b} output ${o.name} lacks the exact sums a merge needs`,
      );
    }
    const all = same as Array<Required<Agreement['outputs'][number]>>;
    const values = all.reduce((a, x) => a + x.values, 0);
    const sum = mergePartials(all.map((x) => x.absDiffSum));
    out.outputs.push({
      name: o.name,
      maxAbsDiff: Math.max(...all.map((x) => x.maxAbsDiff)),
      meanAbsDiff: values ? roundPartials(sum) / values : 0,
      values,
      absDiffSum: sum,
    });
  }
  return out;
}

function mergeSuite(parts: readonly SuiteResult[]): SuiteResult {
  const first = parts[0] as SuiteResult;
  const where = `suite ${first.name}`;
  let next = 0;
  for (const p of parts) {
    if (p.name !== first.name) refuse(`suites differ between shards (${first.name} vs ${p.name})`);
    if (
      p.dataset.sha256 !== first.dataset.sha256 ||
      p.dataset.source !== first.dataset.source ||
      p.dataset.seed !== first.dataset.seed
    )
      refuse(`${where}: the dataset differs between shards`);
    if (!p.range) refuse(`${where}: a shard has no sample range`);
    if (p.range.start !== next)
      refuse(
        `${where}: shard ranges are not contiguous (expected a shard starting at sample ${next}, got ${p.range.start})`,
      );
    next = p.range.end;
    if (p.models.length !== first.models.length) refuse(`${where}: the models differ between shards`);
  }
  const of = (first.range as NonNullable<SuiteResult['range']>).of;
  if (next !== of) refuse(`${where}: the shards cover samples 0-${next} of ${of}`);
  const { range: _r, ...rest } = first;
  void _r;
  return {
    ...rest,
    dataset: { ...first.dataset, samples: of },
    models: first.models.map((_m, i) =>
      mergeModel(
        parts.map((p) => p.models[i] as ModelResult),
        where,
      ),
    ),
    agreement: first.agreement.map((_a, i) =>
      mergeAgreement(
        parts.map((p) => p.agreement[i] as Agreement),
        where,
      ),
    ),
  };
}

/**
 * Join the results of every shard of one run into the results of the whole run: per-sample records
 * concatenated in dataset order, every metric recomputed from them (never averages of averages),
 * gates evaluated once. Refuses shards of different configs or commits, and incomplete sets.
 */
/** The largest value of a per-worker resource over the shards; absent when no shard measured it (endpoints). */
function maxOf(
  parts: readonly ModelResult[],
  key: 'loadMs' | 'memoryMiB' | 'peakRssMiB',
): Partial<Record<typeof key, number>> {
  const values = parts.flatMap((p) => (p.metrics[key] === undefined ? [] : [p.metrics[key] as number]));
  return values.length ? { [key]: Math.max(...values) } : {};
}

export function mergeShards(
  files: readonly ShardFile[],
  options: { gates?: Config['gates']; configSha256?: string } = {},
): Results {
  const shards = checkShards(files, options.configSha256);
  const first = (shards[0] as ShardFile).results;
  const names = first.suites.map((s) => s.name);
  for (const f of shards) {
    const these = f.results.suites.map((s) => s.name);
    if (these.join('\0') !== names.join('\0'))
      refuse(`${f.file} has suites [${these.join(', ')}], expected [${names.join(', ')}]`);
  }
  const suites = first.suites.map((_, i) =>
    mergeSuite(shards.map((f) => f.results.suites[i] as SuiteResult)),
  );
  const gates = evaluateGates(suites, options.gates ?? {});
  const { shard: _s, comparison: _c, ...base } = first;
  void _s;
  void _c;
  return {
    ...base,
    schemaVersion: SCHEMA_VERSION,
    createdAt: new Date().toISOString(),
    suites,
    gates,
    verdict: verdictOf(gates),
  };
}
