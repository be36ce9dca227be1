import { ExitCode, errorMessage, exitCodeFor, UsageError } from '../errors.js';
import { TOOL_VERSION } from '../pipeline/version.js';
import { COMMANDS, type Io } from './commands/index.js';

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: autoglm <command> [options]

Regression checks for models and code on every push: evals of ONNX models, gates and one report.

Commands:
${lines.join('\n')}

Run 'autoglm <command> --help' for a command's options.
Exit codes: 0 pass, 1 regression, 2 bad input or usage, 3 internal error.
`;
}

/** The CLI: dispatch, and the one place errors become messages and exit codes. */
export async function main(argv: string[], io: Io): Promise<ExitCode> {
  const [name, ...rest] = argv;
  const debug = argv.includes('--debug');
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? rest[0] : undefined;
      const command = topic ? COMMANDS[topic] : undefined;
      io.stdout(command ? `${command.help}\n` : usage());
      return ExitCode.Pass;
    }
    if (name === '--version' || name === '-v') {
      io.stdout(`${TOOL_VERSION}\n`);
      return ExitCode.Pass;
    }
    const command = COMMANDS[name];
    if (!command) {
      throw new UsageError(
        `unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`,
        'see autoglm --help',
      );
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`${command.help}\n`);
      return ExitCode.Pass;
    }
    return await command.run(rest, io);
  } catch (e) {
    const code = exitCodeFor(e);
    if (code === ExitCode.BadInput) {
      io.stderr(`autoglm: error: ${errorMessage(e)}\n`);
      const hint = (e as UsageError).hint;
      if (hint) io.stderr(`hint: ${hint}\n`);
      if (debug && e instanceof Error) io.stderr(`${e.stack}\n`);
    } else {
      io.stderr(`autoglm: internal error: ${errorMessage(e)}\n`);
      io.stderr(
        debug && e instanceof Error
          ? `${e.stack}\n`
          : 'Run again with --debug for the stack trace, and please report it.\n',
      );
    }
    return code;
  }
}
