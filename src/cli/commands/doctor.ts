import { DEFAULT_CONFIG_FILE } from '../../config/load.js';
import { type Check, runDoctor } from '../../doctor/checks.js';
import { ExitCode } from '../../errors.js';
import { parseFlags } from '../args.js';
import { type Command, writeJson } from './shared.js';

const MARK: Record<Check['level'], string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export function renderChecks(checks: Check[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  const lines = checks.flatMap((c) => [
    `${MARK[c.level]}  ${c.name.padEnd(width)}  ${c.detail}`,
    ...(c.fix && c.level !== 'ok' ? [`      ${' '.repeat(width)}  fix: ${c.fix}`] : []),
  ]);
  const failed = checks.filter((c) => c.level === 'fail').length;
  const warned = checks.filter((c) => c.level === 'warn').length;
  const summary = failed
    ? `${failed} ${failed === 1 ? 'problem' : 'problems'} to fix`
    : `all is well${warned ? ` (${warned} ${warned === 1 ? 'note' : 'notes'})` : ''}`;
  return `${lines.join('\n')}\n\n${summary}\n`;
}

export const doctorCommand: Command = {
  summary: 'check Node, the runtimes, tokens, the baseline store and the config',
  help: `Usage: autoglm doctor [--config FILE] [--json FILE]

Checks what a run here needs and prints what to fix: the Node version, whether onnxruntime-node
and z3-solver load on this platform, the token (GITHUB_TOKEN against GITHUB_API_URL and
GITHUB_REPOSITORY; AUTOGLM_GITLAB_TOKEN against CI_SERVER_URL in GitLab CI) and the scopes or
permissions the API reports for it, whether the baseline store answers, and the config (valid,
model and dataset files present).

Options:
  --config FILE   config file (default: autoglm.yml)
  --json FILE     also write the checks as JSON
  --debug         print stack traces of internal errors
  -h, --help      show this help

Exit codes: 0 all is well (notes allowed), 1 something to fix, 3 internal error.`,
  async run(argv, io) {
    const { values } = parseFlags('doctor', argv, {
      config: { type: 'string' },
      json: { type: 'string' },
      debug: { type: 'boolean' },
    });
    const checks = await runDoctor({
      cwd: io.cwd,
      config: values.config ?? DEFAULT_CONFIG_FILE,
      env: io.env,
    });
    io.stdout(renderChecks(checks));
    await writeJson(values.json, io.cwd, checks);
    return checks.some((c) => c.level === 'fail') ? ExitCode.Regression : ExitCode.Pass;
  },
};
