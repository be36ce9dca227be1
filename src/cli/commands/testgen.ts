import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../../config/load.js';
import { TESTGEN_FRAMEWORKS, type TestgenConfig } from '../../config/testgen.js';
import { ExitCode, UsageError } from '../../errors.js';
import { renderTestgenTerminal } from '../../report/testgen.js';
import { oneOf, parseFlags, positiveInt } from '../args.js';
import { type Command, commonHelp, writeJson } from './shared.js';

/** The config's `testgen:` section, when a config is named or `autoglm.yml` exists here. */
async function configSection(
  file: string | undefined,
  cwd: string,
): Promise<{ section: TestgenConfig; dir: string } | undefined> {
  const name = file ?? DEFAULT_CONFIG_FILE;
  const abs = path.resolve(cwd, name);
  if (!file && !existsSync(abs)) return undefined;
  const loaded = await loadConfig(abs, name);
  return loaded.config.testgen ? { section: loaded.config.testgen, dir: loaded.dir } : undefined;
}

export const testgenCommand: Command = {
  summary: 'generate unit tests for TS/JS functions: symbolic paths solved with Z3, then search',
  help: `Usage: autoglm testgen [GLOB...] [--out DIR] [--framework node|vitest|jest] [--budget SECONDS]
                       [--changed-only --base REF] [--base REF] [--junit FILE] [--json FILE]

Analyses the exported functions, arrow functions and class methods of the given TypeScript or
JavaScript files, follows their paths symbolically, solves each path constraint with Z3 (search
guided by coverage fills in what the solver cannot), runs every candidate in a sandbox (no file
system, network or processes; a time limit per call), keeps the smallest set of tests that passes
three reruns and covers the branches, and writes one readable test file per source module, each
test named after the path it covers. The emitted tests are then run for real and their branch
coverage is measured with istanbul.

Arguments and options:
  GLOB...               source files or globs (default: testgen.targets of the config)
  --out DIR             folder for the tests, inside the repository (default: testgen.out, test/generated)
  --framework F         node (node:test, default when the project has no vitest or jest) | vitest | jest
  --budget SECONDS      time for analysis, solving and search over all functions (default 60)
  --timeout-ms MS       time limit of one call of the code under test (default 1000)
  --base REF            also run the generated inputs of the functions changed since REF against the
                        REF version and list every input whose result changed (behaviour changes)
  --changed-only        only the functions changed since --base
  --junit FILE          write the JUnit XML of the emitted tests' run
  --json FILE           write the testgen section of the results document (schema in docs/results.md)
  --dry-run             do not write test files
  --force               overwrite generated test files a person edited since testgen wrote them
${commonHelp({ json: false })}`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      'testgen',
      argv,
      {
        config: { type: 'string' },
        json: { type: 'string' },
        out: { type: 'string' },
        framework: { type: 'string' },
        budget: { type: 'string' },
        'timeout-ms': { type: 'string' },
        base: { type: 'string' },
        'changed-only': { type: 'boolean' },
        junit: { type: 'string' },
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
        debug: { type: 'boolean' },
      },
      true,
    );
    const fromConfig = await configSection(values.config, io.cwd);
    if (positionals.length === 0 && !fromConfig) {
      throw new UsageError(
        'autoglm testgen: no targets',
        'pass source files or globs (autoglm testgen "src/**/*.ts"), or set testgen.targets in autoglm.yml',
      );
    }
    const budget = positiveInt('--budget', values.budget);
    const timeoutMs = positiveInt('--timeout-ms', values['timeout-ms']);
    const framework = oneOf('--framework', values.framework, TESTGEN_FRAMEWORKS);
    // Loaded on use: the TypeScript compiler, babel and fast-check cost nothing to other commands.
    const { runTestgen } = await import('../../testgen/index.js');
    const outcome = await runTestgen({
      cwd: io.cwd,
      ...(fromConfig ? { config: fromConfig.section, configDir: fromConfig.dir } : {}),
      ...(positionals.length > 0 ? { targets: positionals } : {}),
      ...(values.out !== undefined ? { out: values.out } : {}),
      ...(framework ? { framework } : {}),
      ...(budget ? { budgetSeconds: budget } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(values.base ? { base: values.base } : {}),
      ...(values['changed-only'] ? { changedOnly: true } : {}),
      ...(values.junit ? { junit: values.junit } : {}),
      write: values['dry-run'] !== true,
      ...(values.force ? { force: true } : {}),
      log: (m) => io.stderr(`[autoglm] ${m}\n`),
    });
    io.stdout(renderTestgenTerminal(outcome.result));
    for (const f of outcome.written) io.stdout(`Wrote ${path.relative(io.cwd, f) || f}\n`);
    if (outcome.junitPath) io.stdout(`JUnit: ${path.relative(io.cwd, outcome.junitPath)}\n`);
    await writeJson(values.json, io.cwd, outcome.result);
    return ExitCode.Pass;
  },
};
