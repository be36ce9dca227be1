import { fmtMs } from '../report/format.js';
import { renderTerminal, verdictLine } from '../report/terminal.js';
import type { Results } from '../results/schema.js';
import { colourReport } from './colour.js';
import type { Io } from './commands/shared.js';

/**
 * The human report of `run` and `eval` on stdout: the full table, or with --quiet only the
 * verdict. A mean latency above p95 gets a note: a few slow samples pull the mean up.
 */
export function printReport(io: Io, results: Results, quiet: boolean): void {
  if (quiet) {
    const line = verdictLine(results);
    io.stdout(`${io.colour ? colourReport(line) : line}\n`);
    return;
  }
  let text = renderTerminal(results);
  const skewed = results.suites.flatMap((s) =>
    s.models
      .filter((m) => m.metrics.latency.meanMs > m.metrics.latency.p95Ms)
      .map((m) => `${m.name} (slowest sample ${fmtMs(m.metrics.latency.maxMs)})`),
  );
  if (skewed.length) {
    const note = `Note: mean latency above p95 for ${skewed.join(', ')}: a few slow samples pull the mean up; p95 is the steadier figure.\n`;
    text = text.replace(/\nVerdict: /, `\n${note}\nVerdict: `);
  }
  io.stdout(io.colour ? colourReport(text) : text);
}

/** Progress and log lines on stderr, silenced by --quiet. */
export function stderrLog(io: Io, quiet: boolean): (m: string) => void {
  return quiet ? () => {} : (m) => io.stderr(`[autoglm] ${m}\n`);
}
