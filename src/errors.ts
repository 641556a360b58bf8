/** Errors that end a run, and the exit codes of every outcome: the one place that picks them. */

/** 0 ok; 1 changes pending (--check) or files failed; 2 usage or setup; 130 Ctrl-C; 141 stdout closed (as SIGPIPE). */
export type ExitCode = 0 | 1 | 2 | 130 | 141;

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

/** The reader of stdout went away (`loopshift src | head -1`): a quiet stop, like a process killed by SIGPIPE. */
export class StdoutClosed extends Error {
  override name = 'StdoutClosed';
}

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof StdoutClosed) return 141;
  // Usage and setup errors, and anything unexpected: the run did not do its job.
  return 2;
}

/** How a run that went to its end is judged. */
export function outcomeCode(outcome: { interrupted: boolean; failed: boolean; pending: boolean }): ExitCode {
  if (outcome.interrupted) return 130;
  return outcome.failed || outcome.pending ? 1 : 0;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
