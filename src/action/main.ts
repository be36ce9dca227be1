import { existsSync, statSync } from 'node:fs';
import * as core from '@actions/core';
import { ExitCode, errorMessage, exitCodeFor, UsageError } from '../errors.js';
import { runPipeline } from '../pipeline/run.js';
import { fitToBudget, LIMITS } from '../report/budget.js';
import { Outputs } from './constants.js';
import { getInputs } from './inputs.js';

/** The GitHub Action: inputs in, pipeline, outputs and job summary out. Report first, fail last. */
export async function run(): Promise<void> {
  try {
    const inputs = getInputs();
    if (!existsSync(inputs.workingDirectory) || !statSync(inputs.workingDirectory).isDirectory()) {
      throw new UsageError(`'working-directory' input: ${inputs.workingDirectory} is not a directory`);
    }
    const outcome = await runPipeline({
      config: inputs.config,
      cwd: inputs.workingDirectory,
      failOn: inputs.failOn,
      token: inputs.githubToken,
      ...(inputs.baseline ? { baselineStore: inputs.baseline } : {}),
      llm: inputs.llm,
      log: (m) => core.info(m),
      progress: (m, done, total) => {
        if (done === total) core.info(m);
      },
    });
    core.setOutput(Outputs.Verdict, outcome.results.verdict);
    core.setOutput(Outputs.ResultsPath, outcome.resultsPath);
    core.setOutput(Outputs.ReportPath, outcome.reportPath);
    try {
      await core.summary.addRaw(fitToBudget(outcome.markdown, LIMITS.jobSummary)).write();
    } catch (e) {
      // A reporting problem never fails a green job.
      core.warning(`could not write the job summary: ${errorMessage(e)}`);
    }
    core.info(`verdict: ${outcome.results.verdict}`);
    if (outcome.exitCode !== ExitCode.Pass) {
      core.setFailed(
        `autoglm: verdict ${outcome.results.verdict} (fail-on: ${inputs.failOn}); see the job summary`,
      );
      process.exitCode = outcome.exitCode;
    }
  } catch (e) {
    core.setFailed(errorMessage(e));
    process.exitCode = exitCodeFor(e);
  }
}
