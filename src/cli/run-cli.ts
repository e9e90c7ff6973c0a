/**
 * Our runner around clipanion, whose own `run` prints errors to stdout and returns 1: usage
 * errors go to stderr with exit 2 and name the argument; runtime errors are one `error:` line;
 * only bugs print a stack.
 *
 * The command after the first `--` is split off before clipanion sees the arguments, so it is
 * passed verbatim (flags in it are never ours); normalize-argv.ts reads the rest first.
 */
import { Cli } from 'clipanion';
import { isUserFacing } from '../log/format-error.js';
import { Reporter, resolveColor } from '../log/reporter.js';
import { SystemfdError } from '../errors.js';
import type { SystemfdContext } from './context.js';
import { commandClasses } from './commands.js';
import { finishHelp } from './help-text.js';
import { normalizeArgv } from './normalize-argv.js';
import { InitCommand } from './init-command.js';
import { SystemfdCommand } from './systemfd-command.js';
import { WatchCommand } from './watch-command.js';
import { packageVersion } from './version-command.js';
import type { ExitStatus } from '../supervisor/signals.js';

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Either a plain exit code, or the child's status to mirror (signal re-raise in cli.ts). */
export type CliResult = { exitCode: number } | { mirror: ExitStatus };

export function splitArgv(argv: readonly string[]): { own: string[]; command: string[] | null } {
  const dash = argv.indexOf('--');
  if (dash < 0) return { own: [...argv], command: null };
  return { own: argv.slice(0, dash), command: argv.slice(dash + 1) };
}

function buildCli(enableColors: boolean): Cli<SystemfdContext> {
  const cli = new Cli<SystemfdContext>({ binaryLabel: 'systemfd', binaryName: 'systemfd', binaryVersion: packageVersion(), enableCapture: false, enableColors });
  for (const commandClass of commandClasses()) cli.register(commandClass);
  return cli;
}

function usageMessage(error: Error): string {
  return `${firstLine(error.message)} (see \`systemfd --help\`)`;
}

/** The help of the command `first` names (`watch`, `init`, else one-shot mode). */
function helpFor(cli: Cli<SystemfdContext>, first: string | undefined): string {
  if (first === 'init') return cli.usage(InitCommand, { detailed: true });
  if (first === 'watch') return finishHelp(cli.usage(WatchCommand, { detailed: true }), 'watch');
  return finishHelp(cli.usage(SystemfdCommand, { detailed: true }), 'once');
}

function firstLine(text: string): string {
  return text.split('\n').map((line) => line.trim()).find(Boolean) ?? text;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<CliResult> {
  const errorReporter = new Reporter({ stream: io.stderr, color: resolveColor('auto', io.env, io.stderr as { isTTY?: boolean }), quiet: false, verbose: false });
  const { own, command: commandArgv } = splitArgv(argv);
  // Help goes to stdout: colour only where stdout is a terminal (or colour is forced).
  const cli = buildCli(resolveColor('auto', io.env, io.stdout as { isTTY?: boolean }));
  const context: SystemfdContext = { ...Cli.defaultContext, stdin: io.stdin as never, stdout: io.stdout as never, stderr: io.stderr as never, env: io.env, cwd: io.cwd, ownArgv: own, commandArgv };
  const normalized = normalizeArgv(own);
  if ('error' in normalized) {
    errorReporter.error(new SystemfdError('USAGE', normalized.error));
    return { exitCode: 2 };
  }
  if (normalized.argv.includes('--help') || normalized.argv.includes('-h')) {
    io.stdout.write(helpFor(cli, normalized.argv[0]));
    return { exitCode: 0 };
  }
  let command;
  try {
    command = cli.process(normalized.argv, context);
  } catch (error) {
    errorReporter.error(new SystemfdError('USAGE', usageMessage(error as Error)));
    return { exitCode: 2 };
  }
  if (command.help) {
    io.stdout.write(cli.usage(command, { detailed: true }));
    return { exitCode: 0 };
  }
  command.context = context;
  command.cli = {
    binaryLabel: cli.binaryLabel, binaryName: cli.binaryName, binaryVersion: cli.binaryVersion,
    enableCapture: false, enableColors: false,
    definitions: () => cli.definitions(), error: (e, o) => cli.error(e, o), format: (c) => cli.format(c),
    process: (input, sub) => cli.process(input, { ...context, ...sub }),
    run: (input, sub) => cli.run(input, { ...context, ...sub }),
    usage: (c, o) => cli.usage(c, o),
  };
  try {
    const exitCode = await command.validateAndExecute();
    return context.outcome ? { mirror: context.outcome } : { exitCode };
  } catch (error) {
    errorReporter.error(error);
    if (error instanceof SystemfdError) return { exitCode: error.exitCode };
    return { exitCode: isUserFacing(error) ? 2 : 70 };
  }
}
