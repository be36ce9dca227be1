import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../../config/load.js';
import { BASELINE_STORES } from '../../config/schema.js';
import { UsageError } from '../../errors.js';
import { displayPath } from '../../pipeline/evals.js';
import { FAIL_ON, runPipeline } from '../../pipeline/run.js';
import { parseShard } from '../../pipeline/shard.js';
import { readEvents } from '../../pipeline/triage.js';
import { renderPlanTerminal } from '../../report/plan.js';
import { oneOf, parseFlags } from '../args.js';
import { printReport, stderrLog } from '../human.js';
import { stderrProgress } from '../progress.js';
import { LLM_FLAGS, LLM_HELP, llmSettings } from './llm-flags.js';
import { COMMON_HELP, type Command, machineSummary, writeJson } from './shared.js';

export const runCommand: Command = {
  summary: 'run the whole pipeline: evals, gates and the report',
  help: `Usage: autoglm run [options]

Runs every suite of the config, compares the run with its baseline (the PR's merge-base, then the
base branch's latest; see baseline: in the config), applies the gates, prints the side-by-side
table and writes autoglm-results.json and autoglm-report.md. On pushes to the default or a
protected branch it saves the run as the next baseline (branch store).

In GitLab CI (GITLAB_CI=true) it also writes GitLab's reports into autoglm-reports/ (JUnit, Code
Quality, Cobertura, dotenv, OpenMetrics), prints the line the coverage: regex reads, and on merge
request pipelines posts or updates the MR note with the token in AUTOGLM_GITLAB_TOKEN (or the
variable AUTOGLM_TOKEN_VARIABLE names). See docs/gitlab.md.

Options:
  --results FILE    where to write the results document (default: report.results)
  --report FILE     where to write the markdown report (default: report.markdown)
  --fail-on LEVEL   regression (default) | warning | never: which verdict exits 1
  --baseline STORE  override baseline.store: file | branch | artifact | cache | gitlab | none
  --quiet           print only the verdict (no table, no progress on stderr)
${LLM_HELP}
  --shard I/N       run shard I of N of every suite's samples (a CI matrix or parallel: job);
                    no comparison or baseline save: join the shards with autoglm merge
  --changed-files F the PR's changed files, one per line (default: git diff from the merge-base)
  --events FILE     anomaly events (NDJSON, see autoglm triage): level >= 4 runs every suite
${COMMON_HELP}`,
  async run(argv, io) {
    const { values } = parseFlags('run', argv, {
      config: { type: 'string' },
      json: { type: 'string' },
      results: { type: 'string' },
      report: { type: 'string' },
      'fail-on': { type: 'string' },
      baseline: { type: 'string' },
      quiet: { type: 'boolean' },
      shard: { type: 'string' },
      'changed-files': { type: 'string' },
      events: { type: 'string' },
      debug: { type: 'boolean' },
      ...LLM_FLAGS,
    });
    const quiet = values.quiet === true;
    const events = values.events
      ? await readEvents(path.resolve(io.cwd, values.events), values.events)
      : undefined;
    const changed = values['changed-files']
      ? (
          await readFile(path.resolve(io.cwd, values['changed-files']), 'utf8').catch(() => {
            throw new UsageError(`--changed-files: cannot read ${values['changed-files']}`);
          })
        )
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
      : undefined;
    const outcome = await runPipeline({
      config: values.config ?? DEFAULT_CONFIG_FILE,
      cwd: io.cwd,
      failOn: oneOf('--fail-on', values['fail-on'], FAIL_ON) ?? 'regression',
      ...(values.baseline ? { baselineStore: oneOf('--baseline', values.baseline, BASELINE_STORES) } : {}),
      results: values.results,
      report: values.report,
      progress: quiet ? () => {} : stderrProgress(io.stderr),
      log: stderrLog(io, quiet),
      env: io.env,
      llm: llmSettings(values),
      ...(values.shard ? { shard: parseShard(values.shard) } : {}),
      ...(changed ? { changedFiles: changed } : {}),
      ...(events ? { events } : {}),
    });
    printReport(io, outcome.results, quiet);
    if (!quiet) {
      io.stdout(renderPlanTerminal(outcome.results));
      io.stdout(
        `Results: ${displayPath(io.cwd, outcome.resultsPath)}  Report: ${displayPath(io.cwd, outcome.reportPath)}\n`,
      );
    }
    await writeJson(values.json, io.cwd, machineSummary(outcome.results, outcome, outcome.exitCode));
    return outcome.exitCode;
  },
};
