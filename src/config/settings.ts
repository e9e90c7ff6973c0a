/**
 * Settings: the one shape shared by the command line and `.systemfdrc` (and described by
 * `.systemfdrc.schema.json`; test/unit/config/schema.test.ts keeps the two in sync through
 * SETTINGS_KEYS in config/settings-keys.ts). Every key is optional; precedence is flags > file > defaults
 * (launcher/options.ts), applied by cli/to-launch-options.ts.
 */
import type { ColorChoice } from '../log/reporter.js';

export interface Settings {
  /** Socket specs, `[NAME=][TYPE::]VALUE`, in fd order. */
  sockets?: string[];
  /** The command: an argv array, or a string split like a shell would (no shell features). */
  command?: string[] | string;
  /**
   * Base directory of the run, absolute once loaded: the command, build steps, relative watch
   * paths, globs and unix socket paths are relative to it. Only `.systemfdrc` sets it (relative
   * to the file there; default: the file's directory), so a project runs the same from any of
   * its subdirectories, as npm scripts run from the package root. No file: the current directory.
   */
  cwd?: string;
  backlog?: number;
  reuse?: boolean;
  reusePort?: boolean;
  pid?: boolean;
  nodePreload?: boolean;
  proxy?: boolean;
  env?: Record<string, string>;
  quiet?: boolean;
  verbose?: boolean;
  color?: ColorChoice;
  // watch mode
  watch?: string[];
  exts?: string[];
  include?: string[];
  ignore?: string[];
  gitignore?: boolean;
  defaultIgnore?: boolean;
  /** true, or an interval with a unit ("1s"). */
  poll?: boolean | string;
  debounce?: string;
  build?: string[] | string;
  stopSignal?: string;
  stopTimeout?: string;
  restartOnExit?: boolean;
  clear?: boolean;
  stdin?: boolean;
  postpone?: boolean;
}

export type SettingsKey = keyof Settings;

/** Later sources win, key by key (arrays are replaced, not concatenated; env maps are merged). */
export function mergeSettings(...sources: Array<Settings | undefined>): Settings {
  const merged: Settings = {};
  for (const source of sources) {
    if (!source) continue;
    for (const [key, value] of Object.entries(source) as Array<[SettingsKey, unknown]>) {
      if (value === undefined) continue;
      if (key === 'env') merged.env = { ...merged.env, ...(value as Record<string, string>) };
      else (merged as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}
