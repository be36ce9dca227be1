import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { ExitCode, errorMessage, exitCodeFor, UsageError } from '../errors.js';
import { githubClient } from '../github/octokit.js';
import { exitCodeFor as verdictExitCode } from '../pipeline/run.js';
import { fitToBudget, LIMITS } from '../report/budget.js';
import { escapeMarkdown, redact, secretsFromEnv } from '../report/escape.js';
import { writeFileAtomic, writeResults } from '../results/io.js';
import { Outputs } from './constants.js';
import { type ActionInputs, getInputs } from './inputs.js';
import { type Reporting, reportToGithub } from './report.js';

/** The GitHub Action: inputs in, pipeline, then publish, outputs and job summary. Report first, fail last. */
export async function run(): Promise<void> {
  let inputs: ActionInputs | undefined;
  const secrets = secretsFromEnv(process.env);
  try {
    inputs = getInputs();
    secrets.push(inputs.githubToken);
    const gh = inputs.githubToken
      ? githubClient({ token: inputs.githubToken, log: (m) => core.warning(m) })
      : undefined;
    const reporting: Reporting = { inputs, gh, secrets };
    const done = await reportToGithub(reporting, async () => {
      const dir = (inputs as ActionInputs).workingDirectory;
      if (!existsSync(dir) || !statSync(dir).isDirectory()) {
        throw new UsageError(`'working-directory' input: ${dir} is not a directory`);
      }
      const { runPipeline } = await import('../pipeline/run.js');
      return runPipeline({
        config: (inputs as ActionInputs).config,
        cwd: dir,
        failOn: (inputs as ActionInputs).failOn,
        token: (inputs as ActionInputs).githubToken,
        sourceRoot: (inputs as ActionInputs).workspace,
        ...((inputs as ActionInputs).baseline ? { baselineStore: (inputs as ActionInputs).baseline } : {}),
        llm: (inputs as ActionInputs).llm,
        log: (m) => core.info(m),
        progress: (m, d, total) => {
          if (d === total) core.info(m);
        },
      });
    });
    if (!done) return;
    const { results } = done;
    core.setOutput(Outputs.Verdict, results.verdict);
    if (done.resultsPath) core.setOutput(Outputs.ResultsPath, done.resultsPath);
    if (done.reportPath) core.setOutput(Outputs.ReportPath, done.reportPath);
    if (done.commentUrl) core.setOutput(Outputs.CommentUrl, done.commentUrl);
    if (done.checkUrl) core.setOutput(Outputs.CheckUrl, done.checkUrl);
    if (results.waivers?.length && done.resultsPath) {
      // Accepted regressions are stored beside the results they apply to.
      await writeResults(done.resultsPath, results);
      await writeFileAtomic(
        path.join(path.dirname(done.resultsPath), 'autoglm-waivers.json'),
        `${JSON.stringify(results.waivers, null, 2)}\n`,
      );
    }
    await writeSummary(done.markdown);
    core.info(`verdict: ${results.verdict}`);
    const code = verdictExitCode(results.verdict, inputs.failOn);
    if (code !== ExitCode.Pass) {
      core.setFailed(`autoglm: verdict ${results.verdict} (fail-on: ${inputs.failOn}); see the job summary`);
      process.exitCode = code;
    }
  } catch (e) {
    const message = redact(errorMessage(e), secrets);
    annotateBadInput(message, inputs);
    await writeSummary(
      `## Open-AutoGLM CI: ❌ ${e instanceof UsageError ? 'bad input' : 'internal error'}\n\n${escapeMarkdown(message)}\n`,
    );
    core.setFailed(message);
    process.exitCode = exitCodeFor(e);
  }
}

async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(fitToBudget(markdown, LIMITS.jobSummary)).write();
  } catch (e) {
    // A reporting problem never fails a green job.
    core.warning(`could not write the job summary: ${errorMessage(e)}`);
  }
}

/** `file:line:col: message` errors (config, dataset) also become an error annotation at that line. */
function annotateBadInput(message: string, inputs: ActionInputs | undefined): void {
  const m = /^([^\s:][^:\n]*):(\d+)(?::(\d+))?: ([\s\S]+)$/.exec(message);
  if (!m || !inputs) return;
  const file = path
    .relative(inputs.workspace, path.resolve(inputs.workingDirectory, m[1] as string))
    .split(path.sep)
    .join('/');
  core.error(m[4] as string, {
    file,
    startLine: Number(m[2]),
    ...(m[3] ? { startColumn: Number(m[3]) } : {}),
    title: 'autoglm: bad input',
  });
}
