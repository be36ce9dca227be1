import path from 'node:path';
import { runContext } from '../../baseline/context.js';
import { FileStore } from '../../baseline/file-store.js';
import { resolveBaseline } from '../../baseline/store.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../../config/load.js';
import { BASELINE_STORES, type BaselineConfig, BaselineSchema } from '../../config/schema.js';
import { ExitCode, UsageError } from '../../errors.js';
import { storeFor } from '../../pipeline/baseline.js';
import { fmtBytes, fmtMs } from '../../report/format.js';
import { readResults } from '../../results/io.js';
import { oneOf, parseFlags } from '../args.js';
import { COMMON_HELP, type Command, type Io, writeJson } from './shared.js';

async function baselineConfig(
  configFile: string | undefined,
  io: Io,
): Promise<BaselineConfig & { dir?: string }> {
  const file = configFile ?? DEFAULT_CONFIG_FILE;
  try {
    const loaded = await loadConfig(path.resolve(io.cwd, file), file);
    return { ...loaded.config.baseline, dir: loaded.dir };
  } catch (e) {
    if (
      configFile === undefined &&
      e instanceof UsageError &&
      e.message.startsWith('config file not found')
    ) {
      return BaselineSchema.parse({});
    }
    throw e;
  }
}

export const baselineCommand: Command = {
  summary: 'save, show or resolve the baseline this run is compared with',
  help: `Usage: autoglm baseline <save|show|resolve> [options]

  save      store a results document as the baseline
            --to PATH writes it as a file to commit (the file store); without --to it goes to
            the configured store (baseline.store) under this branch and commit
  resolve   say which baseline a run here would use: merge-base SHA, then base branch tip
  show      resolve, then print the baseline's models and metrics

Options:
  --results FILE    results document to save (default: report.results, autoglm-results.json)
  --to PATH         save: write to this file
  --store NAME      override baseline.store (${BASELINE_STORES.join(', ')})
  --base BRANCH     base branch for local runs (default: baseline.base_branch)
${COMMON_HELP}`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      'baseline',
      argv,
      {
        config: { type: 'string' },
        json: { type: 'string' },
        results: { type: 'string' },
        to: { type: 'string' },
        store: { type: 'string' },
        base: { type: 'string' },
        debug: { type: 'boolean' },
      },
      true,
    );
    const action = positionals[0];
    if (action !== 'save' && action !== 'show' && action !== 'resolve') {
      throw new UsageError(
        `autoglm baseline: expected save, show or resolve, got ${action ? `"${action}"` : 'nothing'}`,
      );
    }
    const cfg = await baselineConfig(values.config, io);
    const storeName = oneOf('--store', values.store, BASELINE_STORES) ?? cfg.store;
    const ctx = await runContext(io.cwd, io.env, { baseBranch: values.base ?? cfg.base_branch });
    if (action === 'save') {
      const file = values.results ?? 'autoglm-results.json';
      const results = await readResults(path.resolve(io.cwd, file));
      const store = values.to
        ? new FileStore(io.cwd, values.to)
        : storeFor({ ...cfg, store: storeName }, io.cwd, undefined, cfg.dir);
      if (!store)
        throw new UsageError('autoglm baseline save: baseline.store is none; pass --to PATH or --store NAME');
      const where = await store.save(results, { ...ctx, sha: ctx.sha ?? results.provenance.sha });
      io.stdout(`Saved ${file} as the baseline: ${where}\n`);
      await writeJson(values.json, io.cwd, { saved: where });
      return ExitCode.Pass;
    }
    const store = storeFor({ ...cfg, store: storeName }, io.cwd, undefined, cfg.dir);
    if (!store) throw new UsageError('autoglm baseline: baseline.store is none; nothing to resolve');
    const r = await resolveBaseline(store, ctx);
    const b = r.baseline;
    const lines = b
      ? [
          `Baseline: ${b.location}`,
          `  matched: ${b.matched}${b.ref ? ` with ${b.ref}${b.refRelation ? ` (${b.refRelation})` : ''}` : ''}${b.sha ? `, commit ${b.sha}` : ''}${b.branch ? `, branch ${b.branch}` : ''}${b.runId ? `, run ${b.runId}` : ''}`,
          `  created: ${b.createdAt} (${b.ageHours.toFixed(1)} h ago)`,
        ]
      : ['Baseline: none'];
    for (const n of r.notes) lines.push(`  note: ${n}`);
    if (action === 'show' && b) {
      for (const s of b.results.suites) {
        for (const m of s.models) {
          const acc =
            m.metrics.accuracy === undefined ? '' : ` accuracy ${(m.metrics.accuracy * 100).toFixed(1)}%`;
          lines.push(
            `  ${s.name}/${m.name}:${acc} mean latency ${fmtMs(m.metrics.latency.meanMs)}, size ${m.metrics.sizeBytes === undefined ? 'n/a' : fmtBytes(m.metrics.sizeBytes)}`,
          );
        }
      }
    }
    io.stdout(`${lines.join('\n')}\n`);
    await writeJson(values.json, io.cwd, {
      baseline: b ? { ...b, results: action === 'show' ? b.results : undefined } : null,
      notes: r.notes,
    });
    return ExitCode.Pass;
  },
};
