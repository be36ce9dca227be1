import path from 'node:path';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../../config/load.js';
import { BASELINE_STORES } from '../../config/schema.js';
import { displayPath } from '../../pipeline/evals.js';
import { mergePipeline } from '../../pipeline/merge-run.js';
import { FAIL_ON } from '../../pipeline/run.js';
import { renderTerminal } from '../../report/terminal.js';
import { oneOf, parseFlags } from '../args.js';
import { stderrProgress } from '../progress.js';
import { COMMON_HELP, type Command, machineSummary, writeJson } from './shared.js';

export const mergeCommand: Command = {
  summary: 'join the results of `run --shard i/N` jobs, then compare and report once',
  help: `Usage: autoglm merge [options] SHARD-RESULTS.json...

Joins the results files of every shard of one run (autoglm run --shard i/N on N CI workers) into
the results of the whole run: per-sample records in dataset order, every metric recomputed from
them (never averages of averages), so the figures equal a single run's. Then compares with the
baseline, applies the gates, writes the results and the report, and saves the baseline where the
event allows it, exactly as autoglm run does.

Refuses files that are not shards, shards of different configs or commits, a shard given twice
or missing.

Options:
  --results FILE    merged results document (default: report.results)
  --report FILE     markdown report (default: report.markdown)
  --fail-on LEVEL   regression (default) | warning | never
  --baseline STORE  override baseline.store: file | branch | artifact | cache | none
${COMMON_HELP}`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      'merge',
      argv,
      {
        config: { type: 'string' },
        json: { type: 'string' },
        results: { type: 'string' },
        report: { type: 'string' },
        'fail-on': { type: 'string' },
        baseline: { type: 'string' },
        debug: { type: 'boolean' },
      },
      true,
    );
    const config = values.config ?? DEFAULT_CONFIG_FILE;
    const loaded = await loadConfig(path.resolve(io.cwd, config), config);
    const outcome = await mergePipeline(positionals, loaded, {
      config,
      cwd: io.cwd,
      failOn: oneOf('--fail-on', values['fail-on'], FAIL_ON) ?? 'regression',
      ...(values.baseline ? { baselineStore: oneOf('--baseline', values.baseline, BASELINE_STORES) } : {}),
      results: values.results,
      report: values.report,
      progress: stderrProgress(io.stderr),
      log: (m) => io.stderr(`[autoglm] ${m}\n`),
      env: io.env,
    });
    io.stdout(renderTerminal(outcome.results));
    io.stdout(
      `Merged ${positionals.length} shards. Results: ${displayPath(io.cwd, outcome.resultsPath)}  Report: ${displayPath(io.cwd, outcome.reportPath)}\n`,
    );
    await writeJson(values.json, io.cwd, machineSummary(outcome.results, outcome, outcome.exitCode));
    return outcome.exitCode;
  },
};
