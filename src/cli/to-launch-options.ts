/**
 * Pure: merged Settings (flags over `.systemfdrc`) + defaults → fully resolved LaunchOptions
 * (argv in, resolved options out, in exactly one place). Parsing of the values themselves
 * lives with their domain (sockets/spec.ts, watch/duration.ts); this file only maps and
 * reports which setting was wrong.
 */
import { constants } from 'node:os';
import { UsageError } from '../errors.js';
import type { Settings } from '../config/settings.js';
import {
  DEFAULT_POLL_INTERVAL_MS,
  defaultOutputOptions,
  defaultSocketOptions,
  defaultWatchModeOptions,
  type LaunchOptions,
  type WatchLaunchOptions,
} from '../launcher/options.js';
import { parseSocketSpec } from '../sockets/spec.js';
import { parseDuration } from '../watch/duration.js';
import { splitCommandLine } from './split-command-line.js';

const MISSING_COMMAND = 'missing command: give it after `--`, e.g. `systemfd -s http::3000 -- node server.js`, or as "command" in .systemfdrc';

export function parseEnvAssignments(assignments: readonly string[], flag = '--env'): Record<string, string> {
  const env: Record<string, string> = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid value for ${flag}: expected KEY=VALUE, got '${assignment}'`);
    env[assignment.slice(0, eq)] = assignment.slice(eq + 1);
  }
  return env;
}

function commandArgvFrom(commandArgv: string[] | null, settings: Settings): string[] {
  if (commandArgv !== null && commandArgv.length > 0) return commandArgv;
  const { command } = settings;
  const argv = typeof command === 'string' ? splitCommandLine(command) : command ?? [];
  if (argv.length === 0) throw new UsageError(MISSING_COMMAND);
  return argv;
}

export function toLaunchOptions(settings: Settings, commandArgv: string[] | null, cwd: string): LaunchOptions {
  const socketDefaults = defaultSocketOptions();
  const outputDefaults = defaultOutputOptions();
  return {
    sockets: (settings.sockets ?? []).map((text) => parseSocketSpec(text)),
    proxy: settings.proxy ?? false,
    socket: {
      backlog: settings.backlog ?? socketDefaults.backlog,
      reuseAddr: settings.reuse ?? socketDefaults.reuseAddr,
      reusePort: settings.reusePort ?? socketDefaults.reusePort,
    },
    command: {
      argv: commandArgvFrom(commandArgv, settings),
      cwd,
      env: settings.env ?? {},
      pid: settings.pid ?? true,
      nodePreload: settings.nodePreload ?? true,
    },
    output: {
      quiet: settings.quiet ?? outputDefaults.quiet,
      verbose: settings.verbose ?? outputDefaults.verbose,
      color: settings.color ?? outputDefaults.color,
    },
  };
}

function duration(flag: string, text: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new UsageError(`invalid value for ${flag}: ${(error as Error).message}`);
  }
}

export function parseSignalName(text: string, flag = '--stop-signal'): NodeJS.Signals {
  const upper = text.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  if (!(name in constants.signals)) throw new UsageError(`invalid value for ${flag}: unknown signal '${text}'`);
  return name as NodeJS.Signals;
}

/** `-e ts,json -e .mjs` → ['ts', 'json', 'mjs']. */
export function splitExtensions(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(',')).map((ext) => ext.trim().replace(/^\./, '')).filter(Boolean);
}

export function toWatchLaunchOptions(settings: Settings, commandArgv: string[] | null, cwd: string): WatchLaunchOptions {
  const base = toLaunchOptions(settings, commandArgv, cwd);
  const defaults = defaultWatchModeOptions(cwd);
  const { poll } = settings;
  return {
    ...base,
    watchMode: {
      watch: {
        ...defaults.watch,
        paths: settings.watch && settings.watch.length > 0 ? settings.watch : defaults.watch.paths,
        include: settings.include ?? defaults.watch.include,
        ignore: settings.ignore ?? defaults.watch.ignore,
        exts: splitExtensions(settings.exts ?? []),
        gitignore: settings.gitignore ?? defaults.watch.gitignore,
        defaultIgnores: settings.defaultIgnore ?? defaults.watch.defaultIgnores,
        poll: poll === undefined || poll === false ? false : poll === true ? DEFAULT_POLL_INTERVAL_MS : duration('--poll', poll),
      },
      debounceMs: settings.debounce !== undefined ? duration('--debounce', settings.debounce) : defaults.debounceMs,
      build: typeof settings.build === 'string' ? [settings.build] : settings.build ?? defaults.build,
      stopSignal: settings.stopSignal !== undefined ? parseSignalName(settings.stopSignal) : defaults.stopSignal,
      stopTimeoutMs: settings.stopTimeout !== undefined ? duration('--stop-timeout', settings.stopTimeout) : defaults.stopTimeoutMs,
      restart: settings.restartOnExit ? 'on-exit' : defaults.restart,
      clear: settings.clear ?? defaults.clear,
      stdin: settings.stdin ?? defaults.stdin,
      postpone: settings.postpone ?? defaults.postpone,
    },
  };
}
