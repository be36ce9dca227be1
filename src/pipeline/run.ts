import path from 'node:path';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import { ExitCode } from '../errors.js';
import type { ProgressFn } from '../evals/evaluate.js';
import { renderMarkdown } from '../report/markdown.js';
import { writeFileAtomic, writeResults } from '../results/io.js';
import type { Results, Verdict } from '../results/schema.js';
import { runEvals } from './evals.js';

export const FAIL_ON = ['regression', 'warning', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The typed options every front door builds: CLI flags and action inputs parse into this. */
export interface RunSettings {
  /** Config file; relative paths are resolved against `cwd`. */
  config: string;
  cwd: string;
  failOn: FailOn;
  /** Override `report.results` / `report.markdown` of the config. */
  results?: string;
  report?: string;
  progress?: ProgressFn;
  log?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface RunOutcome {
  results: Results;
  resultsPath: string;
  reportPath: string;
  markdown: string;
  exitCode: ExitCode;
}

/** Map a verdict to the process exit code the user asked for with fail-on. */
export function exitCodeFor(verdict: Verdict, failOn: FailOn): ExitCode {
  if (failOn === 'never') return ExitCode.Pass;
  if (verdict === 'regression') return ExitCode.Regression;
  if (verdict === 'warning' && failOn === 'warning') return ExitCode.Regression;
  return ExitCode.Pass;
}

/** Write the results document and the markdown report, each atomically. */
export async function writeOutputs(
  results: Results,
  loaded: Pick<LoadedConfig, 'config'>,
  settings: Pick<RunSettings, 'cwd' | 'results' | 'report'>,
): Promise<Pick<RunOutcome, 'resultsPath' | 'reportPath' | 'markdown'>> {
  const resultsPath = path.resolve(settings.cwd, settings.results ?? loaded.config.report.results);
  const reportPath = path.resolve(settings.cwd, settings.report ?? loaded.config.report.markdown);
  const markdown = renderMarkdown(results, { title: loaded.config.report.title });
  await writeResults(resultsPath, results);
  await writeFileAtomic(reportPath, markdown);
  return { resultsPath, reportPath, markdown };
}

/** `autoglm run`: load the config, run the evals, gate, and write results and report. */
export async function runPipeline(settings: RunSettings): Promise<RunOutcome> {
  const loaded = await loadConfig(path.resolve(settings.cwd, settings.config), settings.config);
  const results = await runEvals(loaded, settings);
  const written = await writeOutputs(results, loaded, settings);
  return { results, ...written, exitCode: exitCodeFor(results.verdict, settings.failOn) };
}
