import { DEFAULT_CONFIG_FILE } from '../../config/load.js';
import { BASELINE_STORES } from '../../config/schema.js';
import { displayPath } from '../../pipeline/evals.js';
import { FAIL_ON, runPipeline } from '../../pipeline/run.js';
import { renderTerminal } from '../../report/terminal.js';
import { oneOf, parseFlags } from '../args.js';
import { stderrProgress } from '../progress.js';
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
${COMMON_HELP}`,
  async run(argv, io) {
    const { values } = parseFlags('run', argv, {
      config: { type: 'string' },
      json: { type: 'string' },
      results: { type: 'string' },
      report: { type: 'string' },
      'fail-on': { type: 'string' },
      baseline: { type: 'string' },
      debug: { type: 'boolean' },
    });
    const outcome = await runPipeline({
      config: values.config ?? DEFAULT_CONFIG_FILE,
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
      `Results: ${displayPath(io.cwd, outcome.resultsPath)}  Report: ${displayPath(io.cwd, outcome.reportPath)}\n`,
    );
    await writeJson(values.json, io.cwd, machineSummary(outcome.results, outcome, outcome.exitCode));
    return outcome.exitCode;
  },
};
