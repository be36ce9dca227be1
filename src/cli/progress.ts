import type { ProgressFn } from '../evals/evaluate.js';

/**
 * Progress on stderr for work that takes more than a second: silent for the first second, then at
 * most one line per second (plain lines, no carriage returns, so CI logs stay readable).
 */
export function stderrProgress(write: (s: string) => void, now: () => number = Date.now): ProgressFn {
  const start = now();
  let last = 0;
  return (message, done, total) => {
    const t = now();
    if (t - start < 1000 || (t - last < 1000 && done !== total)) return;
    last = t;
    write(`[autoglm] ${message}\n`);
  };
}
