/** Exit codes shared by every front door. */
export const ExitCode = {
  Pass: 0,
  Regression: 1,
  BadInput: 2,
  Internal: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Bad input or usage: the user can fix it. The message names the file, line or input
 * and what was expected; it is printed without a stack trace (unless --debug).
 */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : JSON.stringify(e);
}

export function exitCodeFor(e: unknown): ExitCode {
  return e instanceof UsageError ? ExitCode.BadInput : ExitCode.Internal;
}
