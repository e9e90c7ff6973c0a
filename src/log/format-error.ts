/**
 * Renders an error for the user: the message of a known error (SystemfdError, clipanion's
 * UsageError, a SystemError) on one line; anything else is a bug and keeps its stack.
 */
import { SystemfdError, isSystemError } from '../errors.js';

export function isUserFacing(error: unknown): boolean {
  if (error instanceof SystemfdError) return true;
  if (isSystemError(error)) return true;
  // clipanion's own UsageError (from typanion validators) is a user mistake, not a bug.
  return error instanceof Error && (error as { clipanion?: { type?: string } }).clipanion?.type === 'usage';
}

export function formatError(error: unknown): string {
  if (isUserFacing(error)) return oneLine((error as Error).message);
  if (error instanceof Error) return `internal error: ${error.stack ?? error.message}`;
  return `internal error: ${String(error)}`;
}

function oneLine(text: string): string {
  return text.split('\n').map((line) => line.trim()).filter(Boolean).join(' ');
}
