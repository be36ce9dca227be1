/**
 * Colour for the terminal: only when stdout is a TTY, never with NO_COLOR set (no-color.org),
 * always with FORCE_COLOR (other than 0). Only the verdict and failed gates are coloured.
 */
export function wantsColour(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0';
  return isTTY && env.TERM !== 'dumb';
}

const SGR = { red: 31, green: 32, yellow: 33, bold: 1 } as const;
const paint = (s: string, code: number) => `\u001b[${code}m${s}\u001b[0m`;

/** Colour the verdict line and the FAIL / WARN gate lines of a rendered terminal report. */
export function colourReport(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const v = /^Verdict: (pass|warning|regression)(?: — |$)/.exec(line)?.[1];
      if (v) return paint(line, v === 'pass' ? SGR.green : v === 'warning' ? SGR.yellow : SGR.red);
      if (line.startsWith('FAIL ')) return paint(line, SGR.red);
      if (line.startsWith('WARN ')) return paint(line, SGR.yellow);
      return line;
    })
    .join('\n');
}
