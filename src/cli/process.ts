import { createInterface } from 'node:readline/promises';
import { wantsColour } from './colour.js';
import { main } from './main.js';

/** A question on the terminal, with the readline interface closed after each answer. */
async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** The CLI as a process runs it: argv, the real streams, and the exit code set (not forced). */
export async function runCliProcess(): Promise<void> {
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  process.exitCode = await main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    ...(interactive ? { ask } : {}),
    colour: wantsColour(process.env, process.stdout.isTTY === true),
  });
}
