/**
 * Our runner around clipanion (STYLE section 6: its own `run` prints errors to stdout and
 * returns 1). Usage errors go to stderr with exit 2 and name the argument; runtime errors are
 * one `error:` line; only bugs print a stack.
 *
 * The command after the first `--` is split off before clipanion sees the arguments, so it is
 * passed verbatim (flags in it are never ours) and a command given without `--` is an
 * "unexpected argument" usage error, as with upstream.
 */
import { Cli } from 'clipanion';
import { isUserFacing } from '../log/format-error.js';
import { Reporter, resolveColor } from '../log/reporter.js';
import { SystemfdError } from '../errors.js';
import type { SystemfdContext } from './context.js';
import { commandClasses } from './commands.js';
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

/** Options that take a value: the token after them is not a stray argument. */
const VALUE_OPTIONS = new Set(['-s', '--socket', '-b', '--backlog', '-E', '--env', '--config', '--color', '-w', '--watch', '-e', '--exts', '--ext', '-f', '--filter', '--include', '-i', '--ignore', '-d', '--debounce', '-x', '--build', '--stop-signal', '--stop-timeout', '--ready-timeout']);
const SUBCOMMANDS = new Set(['watch', 'init']);

/** The first token that is neither an option, an option's value nor a subcommand. */
export function strayArgument(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith('-')) {
      if (VALUE_OPTIONS.has(arg)) i++;
      continue;
    }
    if (i === 0 && SUBCOMMANDS.has(arg)) continue;
    return arg;
  }
  return null;
}

function usageMessage(error: Error, own: readonly string[]): string {
  const last = own[own.length - 1];
  if (last !== undefined && VALUE_OPTIONS.has(last)) return `option ${last} needs a value (see \`systemfd --help\`)`;
  const stray = strayArgument(own);
  if (stray !== null && /^Command not found/.test(error.message)) {
    return `unexpected argument '${stray}': the command goes after \`--\`, e.g. \`systemfd -s 3000 -- ${stray}\``;
  }
  return `${firstLine(error.message)} (see \`systemfd --help\`)`;
}

function firstLine(text: string): string {
  return text.split('\n').map((line) => line.trim()).find(Boolean) ?? text;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<CliResult> {
  const errorReporter = new Reporter({ stream: io.stderr, color: resolveColor('auto', io.env, io.stderr as { isTTY?: boolean }), quiet: false, verbose: false });
  const { own, command: commandArgv } = splitArgv(argv);
  // Help goes to stdout: colour only where stdout is a terminal (or colour is forced).
  const cli = buildCli(resolveColor('auto', io.env, io.stdout as { isTTY?: boolean }));
  const context: SystemfdContext = { ...Cli.defaultContext, stdin: io.stdin as never, stdout: io.stdout as never, stderr: io.stderr as never, env: io.env, cwd: io.cwd, commandArgv };
  let command;
  try {
    command = cli.process(own, context);
  } catch (error) {
    errorReporter.error(new SystemfdError('USAGE', usageMessage(error as Error, own)));
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
