/**
 * Merged Settings (flags over `.systemfdrc`) → fully resolved launch options, so the core never
 * sees flags or files. The mapping itself is the settings table's (settings/launch-options.ts);
 * this file turns its problems into usage errors.
 */
import { UsageError } from '../errors.js';
import type { Settings } from '../config/settings.js';
import type { LaunchOptions, WatchLaunchOptions } from '../launcher/options.js';
import { SettingProblem } from '../settings/problem.js';
import { toOnceOptions, toWatchOptions } from '../settings/launch-options.js';
import { signalName } from '../settings/scalar-types.js';

export { splitExtensions } from '../settings/compound-types.js';

function asUsageError<T>(map: () => T): T {
  try {
    return map();
  } catch (error) {
    if (error instanceof SettingProblem) throw new UsageError(error.message);
    throw error;
  }
}

export function toLaunchOptions(settings: Settings, commandArgv: string[] | null, cwd: string): LaunchOptions {
  return asUsageError(() => toOnceOptions(settings, commandArgv, cwd));
}

export function toWatchLaunchOptions(settings: Settings, commandArgv: string[] | null, cwd: string): WatchLaunchOptions {
  return asUsageError(() => toWatchOptions(settings, commandArgv, cwd));
}

/** `term`, `SIGINT` → the signal's name; a usage error naming `flag` otherwise. */
export function parseSignalName(text: string, flag = '--stop-signal'): NodeJS.Signals {
  return asUsageError(() => {
    try {
      return signalName(text);
    } catch (error) {
      if (error instanceof SettingProblem) throw new SettingProblem(`${flag}: ${error.message}`);
      throw error;
    }
  });
}
