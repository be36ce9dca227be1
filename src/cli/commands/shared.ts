import path from 'node:path';
import type { ExitCode } from '../../errors.js';
import { writeFileAtomic } from '../../results/io.js';
import type { Results } from '../../results/schema.js';

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Ask on the terminal and return the answer; absent when stdin or stdout is not a TTY. */
  ask?: (question: string) => Promise<string>;
  /** Colour the human output (stdout is a TTY and NO_COLOR is unset; see cli/colour.ts). */
  colour?: boolean;
}

/** One CLI command: its one-line summary, its --help text, and what it does. */
export interface Command {
  summary: string;
  help: string;
  run(argv: string[], io: Io): Promise<ExitCode>;
}

/** The options every command takes; commands whose --json means something else list their own. */
export function commonHelp(options: { json?: boolean } = {}): string {
  return `
Common options:
  --config FILE     config file (default: autoglm.yml)
${options.json === false ? '' : '  --json FILE       also write a machine-readable summary (verdict, paths, metrics)\n'}  --debug           print stack traces of internal errors
  -h, --help        show this help

Exit codes: 0 pass, 1 regression, 2 bad input or usage, 3 internal error.`;
}

export const COMMON_HELP = commonHelp();

/** The machine summary behind --json: what scripts need without the per-sample records. */
export function machineSummary(
  results: Results,
  paths: { resultsPath: string; reportPath?: string },
  exitCode: number,
) {
  return {
    verdict: results.verdict,
    exitCode,
    resultsPath: paths.resultsPath,
    ...(paths.reportPath ? { reportPath: paths.reportPath } : {}),
    suites: results.suites.map((s) => ({
      name: s.name,
      samples: s.dataset.samples,
      models: s.models.map((m) => ({
        name: m.name,
        ...(m.quantizedFrom ? { quantizedFrom: m.quantizedFrom } : {}),
        metrics: m.metrics,
      })),
      agreement: s.agreement,
    })),
    ...(results.llm
      ? {
          llm: results.llm.map((s) => ({
            name: s.name,
            cases: s.cases.count,
            models: s.models.map((m) => ({ name: m.name, metrics: m.metrics })),
          })),
        }
      : {}),
    gates: results.gates,
  };
}

/** Write --json output atomically; nothing when the flag was not given. */
export async function writeJson(file: string | undefined, cwd: string, value: unknown): Promise<void> {
  if (file) await writeFileAtomic(path.resolve(cwd, file), `${JSON.stringify(value, null, 2)}\n`);
}
