/**
 * The CLI's entry: systemfd's arguments are checked by our own pass (normalize-argv.ts), then
 * the common runs, `systemfd [OPTIONS] -- CMD` and `systemfd watch [OPTIONS] [-- CMD]`, are read
 * straight from the settings table (read-flags.ts) and run without loading clipanion at all:
 * building its parser was a third of systemfd's own start-up. Help, `init`, and whatever the
 * fast path does not map go through clipanion (clipanion-cli.ts), loaded only then.
 *
 * The command after the first `--` is split off before either sees the arguments, so it is
 * passed verbatim (flags in it are never ours).
 */
import { Reporter, resolveColor } from '../log/reporter.js';
import { SystemfdError } from '../errors.js';
import type { Mode } from '../settings/row.js';
import { executed, type CliResult } from './cli-result.js';
import type { SystemfdContext } from './context.js';
import { normalizeArgv } from './normalize-argv.js';
import { readFlags, type FlagValues } from './read-flags.js';
import { runOnceMode, runWatchMode } from './run-modes.js';
import { flagSettings } from './table-options.js';

export type { CliResult } from './cli-result.js';

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function splitArgv(argv: readonly string[]): { own: string[]; command: string[] | null } {
  const dash = argv.indexOf('--');
  if (dash < 0) return { own: [...argv], command: null };
  return { own: argv.slice(0, dash), command: argv.slice(dash + 1) };
}

const CLIPANION_ONLY = new Set(['--help', '-h', '--version', '-V']);

/** The mode and flags of a normalized run the fast path can take, else null. */
function fastRun(argv: readonly string[]): { mode: Mode; values: FlagValues } | null {
  if (argv.some((arg) => CLIPANION_ONLY.has(arg)) || argv[0] === 'init') return null;
  const mode: Mode = argv[0] === 'watch' ? 'watch' : 'once';
  const values = readFlags(mode === 'watch' ? argv.slice(1) : argv, mode);
  return values && { mode, values };
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<CliResult> {
  const errorReporter = new Reporter({ stream: io.stderr, color: resolveColor('auto', io.env, io.stderr as { isTTY?: boolean }), quiet: false, verbose: false });
  const { own, command: commandArgv } = splitArgv(argv);
  // colorDepth is clipanion's, for its help: clipanion-cli.ts puts in clipanion's own default.
  const context: SystemfdContext = { stdin: io.stdin as never, stdout: io.stdout as never, stderr: io.stderr as never, env: io.env, cwd: io.cwd, colorDepth: 1, ownArgv: own, commandArgv };
  const normalized = normalizeArgv(own);
  if ('error' in normalized) {
    errorReporter.error(new SystemfdError('USAGE', normalized.error));
    return { exitCode: 2 };
  }
  const fast = fastRun(normalized.argv);
  if (fast === null) {
    const { runWithClipanion } = await import('./clipanion-cli.js');
    return runWithClipanion(normalized.argv, context, errorReporter);
  }
  const { mode, values } = fast;
  const configPath = values.config as string | undefined;
  return executed(async () => {
    const flags = flagSettings(values, mode, own);
    await (mode === 'watch' ? runWatchMode : runOnceMode)(flags, configPath, context);
    return 0;
  }, context, errorReporter);
}
