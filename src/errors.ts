/** Errors that end a run. The CLI is the only place that turns them into messages and exit codes. */

export type ExitCode = 0 | 1 | 2 | 130;

/** Bad flags or arguments: exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The machine cannot run loopshift (no usable Python, libcst missing, helper will not start): exit 2. */
export class SetupError extends Error {
  override name = 'SetupError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof UsageError || error instanceof SetupError) return 2;
  return 2;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
