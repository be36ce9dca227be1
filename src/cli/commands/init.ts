import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../../config/load.js';
import { ExitCode, UsageError } from '../../errors.js';
import { type Detection, detectProject, type Platform } from '../../init/detect.js';
import { type Choices, coverageFileOf, githubWorkflow, gitlabCi, planConfig } from '../../init/plan.js';
import { writeFileAtomic } from '../../results/io.js';
import { oneOf, parseFlags } from '../args.js';
import type { Command, Io } from './shared.js';

const PLATFORMS = ['github', 'gitlab'] as const;

/** A yes/no question on a terminal; the default on an empty answer. */
async function confirm(ask: NonNullable<Io['ask']>, question: string, dflt: boolean): Promise<boolean> {
  for (;;) {
    const a = (await ask(`${question} [${dflt ? 'Y/n' : 'y/N'}] `)).trim().toLowerCase();
    if (a === '') return dflt;
    if (a === 'y' || a === 'yes') return true;
    if (a === 'n' || a === 'no') return false;
  }
}

/** The few questions of a terminal session; without one (CI, pipes, --yes) the detected defaults. */
async function choose(d: Detection, io: Io, platform: Platform | undefined, yes: boolean): Promise<Choices> {
  const ask = yes ? undefined : io.ask;
  let p = platform ?? d.platform?.name;
  if (!p && ask) {
    for (;;) {
      const a = (await ask('CI platform: github or gitlab? [github] ')).trim().toLowerCase() || 'github';
      if (a === 'github' || a === 'gitlab') {
        p = a;
        break;
      }
    }
  }
  const sources = d.sources.length;
  const testgen =
    sources > 0 && ask
      ? await confirm(
          ask,
          `Generate unit tests for the ${sources} JS/TS source files (${d.sourceGlobs.join(', ')})?`,
          true,
        )
      : sources > 0;
  const covers = d.tests ?? (d.coverageFile ? { command: `(existing) ${d.coverageFile}` } : undefined);
  const coverage =
    covers && ask ? await confirm(ask, `Gate coverage (${covers.command})?`, true) : covers !== undefined;
  return { platform: p ?? 'github', testgen, coverage };
}

export const initCommand: Command = {
  summary: 'write a starter autoglm.yml and a CI workflow for what this repository has',
  help: `Usage: autoglm init [--config FILE] [--platform github|gitlab] [--yes] [--force]

Looks at the repository (ONNX models and their input signatures, endpoint configs: a
promptfooconfig.yaml's providers and tests, OPENAI_BASE_URL / OPENAI_API_KEY in .env.example (names
only, never a key), JS/TS sources, the test runner and the coverage it can write, the GitHub or
GitLab remote) and writes a starter config whose
gates only warn, plus a workflow that runs it on pushes and pull requests:
.github/workflows/autoglm.yml, or a .gitlab-ci.yml including the autoglm component. On a
terminal it asks a few questions; without one (CI, pipes) or with --yes it takes the defaults.
In a folder with nothing to evaluate it says so and writes nothing.

Options:
  --config FILE       where to write the config (default: autoglm.yml)
  --platform NAME     github | gitlab (default: from the origin remote, else github)
  --yes               ask nothing, take the detected defaults
  --force             overwrite existing files (never done without it)
  --debug             print stack traces of internal errors
  -h, --help          show this help

Exit codes: 0 written, 2 nothing to evaluate or a file exists, 3 internal error.`,
  async run(argv, io) {
    const { values } = parseFlags('init', argv, {
      config: { type: 'string' },
      platform: { type: 'string' },
      yes: { type: 'boolean' },
      force: { type: 'boolean' },
      debug: { type: 'boolean' },
    });
    const configFile = values.config ?? DEFAULT_CONFIG_FILE;
    const detection = await detectProject(io.cwd);
    const choices = await choose(
      detection,
      io,
      oneOf('--platform', values.platform, PLATFORMS),
      values.yes === true,
    );
    const plan = planConfig(detection, choices);
    for (const note of plan.notes) io.stderr(`[autoglm] ${note}\n`);
    if (plan.empty) {
      throw new UsageError(
        'autoglm init: nothing to evaluate here: no ONNX model, no promptfoo tests, no JS/TS sources, no test runner or coverage report',
        'run it in the repository root, or write autoglm.yml by hand (docs/config.md)',
      );
    }
    const workflowFile =
      choices.platform === 'github' ? path.join('.github', 'workflows', 'autoglm.yml') : '.gitlab-ci.yml';
    const workflow =
      choices.platform === 'github'
        ? githubWorkflow(detection, choices, configFile)
        : gitlabCi(detection, choices, configFile);
    const writes: [string, string][] = [[configFile, plan.config]];
    // An existing .gitlab-ci.yml is the project's own pipeline: print the lines to add instead.
    const mergeInto =
      choices.platform === 'gitlab' && existsSync(path.join(io.cwd, workflowFile)) && !values.force;
    if (!mergeInto) writes.push([workflowFile, workflow]);
    const existing = writes.filter(([f]) => existsSync(path.resolve(io.cwd, f))).map(([f]) => f);
    if (existing.length && !values.force) {
      throw new UsageError(
        `${existing.join(' and ')} already ${existing.length > 1 ? 'exist' : 'exists'}`,
        'pass --force to overwrite',
      );
    }
    for (const [file, text] of writes) {
      await writeFileAtomic(path.resolve(io.cwd, file), text);
      io.stdout(`Wrote ${file}\n`);
    }
    if (mergeInto) io.stdout(`\n${workflowFile} exists; add these lines to it:\n\n${workflow}\n`);
    const found = [
      detection.models.length ? `${detection.models.filter((m) => m.info).length} ONNX model(s)` : '',
      choices.testgen ? `${detection.sources.length} JS/TS source file(s) for test generation` : '',
      coverageFileOf(detection, choices) ? `coverage from ${coverageFileOf(detection, choices)}` : '',
      detection.llm.endpoints.length
        ? `${detection.llm.endpoints.length} endpoint model(s)${detection.llm.cases ? ` with the tests of ${detection.llm.cases}` : ''}`
        : '',
    ].filter(Boolean);
    io.stdout(
      `\nConfigured: ${found.join(', ')}.\nNext: ${
        choices.coverage && detection.tests ? `${detection.tests.command} && ` : ''
      }autoglm run   (then commit and push: the workflow runs it on pushes and pull requests)\n`,
    );
    return ExitCode.Pass;
  },
};
