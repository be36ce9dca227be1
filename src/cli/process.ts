import { main } from './main.js';

/** The CLI as a process runs it: argv, the real streams, and the exit code set (not forced). */
export async function runCliProcess(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  });
}
