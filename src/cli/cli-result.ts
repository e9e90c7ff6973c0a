/** How a run of the CLI ends, and the one place a command's error becomes an exit code. */
import { isUserFacing } from '../log/format-error.js';
import type { Reporter } from '../log/reporter.js';
import { SystemfdError } from '../errors.js';
import type { ExitStatus } from '../supervisor/signals.js';
import type { SystemfdContext } from './context.js';

/** Either a plain exit code, or the child's status to mirror (signal re-raise in main.ts). */
export type CliResult = { exitCode: number } | { mirror: ExitStatus };

/** Runs a command body: its error is one line on stderr (a bug's also its stack) and a code. */
export async function executed(body: () => Promise<number>, context: SystemfdContext, errorReporter: Reporter): Promise<CliResult> {
  try {
    const exitCode = await body();
    return context.outcome ? { mirror: context.outcome } : { exitCode };
  } catch (error) {
    errorReporter.error(error);
    if (error instanceof SystemfdError) return { exitCode: error.exitCode };
    return { exitCode: isUserFacing(error) ? 2 : 70 };
  }
}
