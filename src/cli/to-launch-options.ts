/**
 * Pure: parsed flags (+ defaults) → fully resolved LaunchOptions (STYLE rule 1). Parsing of the
 * values themselves lives with their domain (sockets/spec.ts, watch/duration.ts).
 */
import { constants } from 'node:os';
import { UsageError } from '../errors.js';
import {
  defaultOutputOptions,
  defaultSocketOptions,
  defaultWatchModeOptions,
  type LaunchOptions,
  type WatchLaunchOptions,
} from '../launcher/options.js';
import { parseSocketSpec } from '../sockets/spec.js';
import { parseDuration } from '../watch/duration.js';
import type { ColorChoice } from '../log/reporter.js';

export interface CommonFlags {
  sockets: string[];
  backlog?: number | undefined;
  reuse: boolean;
  reusePort: boolean;
  pid: boolean;
  nodePreload: boolean;
  env: string[];
  quiet: boolean;
  verbose: boolean;
  color: ColorChoice;
}

export interface WatchFlags extends CommonFlags {
  watch: string[];
  exts: string[];
  include: string[];
  ignore: string[];
  gitignore: boolean;
  defaultIgnore: boolean;
  poll?: string | boolean | undefined;
  debounce?: string | undefined;
  build: string[];
  stopSignal?: string | undefined;
  stopTimeout?: string | undefined;
  restartOnExit: boolean;
  clear: boolean;
  stdin: boolean;
  postpone: boolean;
}

const MISSING_COMMAND = 'missing command: give it after `--`, e.g. `systemfd -s http::3000 -- node server.js`';

export function parseEnvAssignments(assignments: readonly string[], flag = '--env'): Record<string, string> {
  const env: Record<string, string> = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid value for ${flag}: expected KEY=VALUE, got '${assignment}'`);
    env[assignment.slice(0, eq)] = assignment.slice(eq + 1);
  }
  return env;
}

export function toLaunchOptions(flags: CommonFlags, commandArgv: string[] | null, cwd: string): LaunchOptions {
  if (commandArgv === null || commandArgv.length === 0) throw new UsageError(MISSING_COMMAND);
  return {
    sockets: flags.sockets.map((text) => parseSocketSpec(text)),
    socket: {
      ...defaultSocketOptions(),
      ...(flags.backlog !== undefined ? { backlog: flags.backlog } : {}),
      reuseAddr: flags.reuse,
      reusePort: flags.reusePort,
    },
    command: {
      argv: commandArgv,
      cwd,
      env: parseEnvAssignments(flags.env),
      pid: flags.pid,
      nodePreload: flags.nodePreload,
    },
    output: { ...defaultOutputOptions(), quiet: flags.quiet, verbose: flags.verbose, color: flags.color },
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

export function toWatchLaunchOptions(flags: WatchFlags, commandArgv: string[] | null, cwd: string): WatchLaunchOptions {
  const base = toLaunchOptions(flags, commandArgv, cwd);
  const defaults = defaultWatchModeOptions(cwd);
  const poll = flags.poll === undefined || flags.poll === false ? false
    : flags.poll === true ? 500
    : duration('--poll', flags.poll);
  return {
    ...base,
    watchMode: {
      ...defaults,
      watch: {
        ...defaults.watch,
        paths: flags.watch.length > 0 ? flags.watch : defaults.watch.paths,
        include: flags.include,
        ignore: flags.ignore,
        exts: splitExtensions(flags.exts),
        gitignore: flags.gitignore,
        defaultIgnores: flags.defaultIgnore,
        poll,
      },
      debounceMs: flags.debounce !== undefined ? duration('--debounce', flags.debounce) : defaults.debounceMs,
      build: flags.build,
      stopSignal: flags.stopSignal !== undefined ? parseSignalName(flags.stopSignal) : defaults.stopSignal,
      stopTimeoutMs: flags.stopTimeout !== undefined ? duration('--stop-timeout', flags.stopTimeout) : defaults.stopTimeoutMs,
      restart: flags.restartOnExit ? 'on-exit' : 'on-change',
      clear: flags.clear,
      stdin: flags.stdin,
      postpone: flags.postpone,
    },
  };
}
