/**
 * The CLI through clipanion, for everything the fast path of run-cli.ts does not take: help,
 * `init`, `--version` among other arguments, and arguments readFlags does not map. Clipanion's
 * own `run` prints errors to stdout and returns 1; here usage errors go to stderr with exit 2
 * and name the argument, runtime errors are one `error:` line, and only bugs print a stack.
 */
import { Cli } from 'clipanion';
import type { Reporter } from '../log/reporter.js';
import { SystemfdError } from '../errors.js';
import { resolveColor } from '../log/reporter.js';
import type { SystemfdContext } from './context.js';
import { commandClasses } from './commands.js';
import { finishHelp } from './help-text.js';
import { InitCommand } from './init-command.js';
import { SystemfdCommand } from './systemfd-command.js';
import { WatchCommand } from './watch-command.js';
import { packageVersion } from './version-command.js';
import { executed, type CliResult } from './cli-result.js';

function buildCli(enableColors: boolean): Cli<SystemfdContext> {
  const cli = new Cli<SystemfdContext>({ binaryLabel: 'systemfd', binaryName: 'systemfd', binaryVersion: packageVersion(), enableCapture: false, enableColors });
  for (const commandClass of commandClasses()) cli.register(commandClass);
  return cli;
}

function firstLine(text: string): string {
  return text.split('\n').map((line) => line.trim()).find(Boolean) ?? text;
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

/** `argv`: normalized (normalize-argv.ts). */
export async function runWithClipanion(argv: string[], context: SystemfdContext, errorReporter: Reporter): Promise<CliResult> {
  // Help goes to stdout: colour only where stdout is a terminal (or colour is forced).
  const cli = buildCli(resolveColor('auto', context.env, context.stdout as { isTTY?: boolean }));
  const full: SystemfdContext = { ...context, colorDepth: Cli.defaultContext.colorDepth };
  if (argv.includes('--help') || argv.includes('-h')) {
    full.stdout.write(helpFor(cli, argv[0]));
    return { exitCode: 0 };
  }
  let command;
  try {
    command = cli.process(argv, full);
  } catch (error) {
    errorReporter.error(new SystemfdError('USAGE', usageMessage(error as Error)));
    return { exitCode: 2 };
  }
  if (command.help) {
    full.stdout.write(cli.usage(command, { detailed: true }));
    return { exitCode: 0 };
  }
  command.context = full;
  command.cli = {
    binaryLabel: cli.binaryLabel, binaryName: cli.binaryName, binaryVersion: cli.binaryVersion,
    enableCapture: false, enableColors: false,
    definitions: () => cli.definitions(), error: (e, o) => cli.error(e, o), format: (c) => cli.format(c),
    process: (input, sub) => cli.process(input, { ...full, ...sub }),
    run: (input, sub) => cli.run(input, { ...full, ...sub }),
    usage: (c, o) => cli.usage(c, o),
  };
  return executed(async () => command.validateAndExecute(), full, errorReporter);
}
