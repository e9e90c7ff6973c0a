/**
 * The Settings keys at run time. `satisfies Record<SettingsKey, true>` makes the compiler reject
 * a missing or extra key, and test/unit/config/schema.test.ts compares this list with the
 * schema's properties: together they keep settings.ts and .systemfdrc.schema.json in sync.
 */
import type { SettingsKey } from './settings.js';

const KEYS = {
  sockets: true, command: true, cwd: true, backlog: true, reuse: true, reusePort: true, pid: true,
  nodePreload: true, proxy: true, env: true, quiet: true, verbose: true, color: true, watch: true, exts: true,
  include: true, ignore: true, gitignore: true, defaultIgnore: true, poll: true, debounce: true,
  build: true, stopSignal: true, stopTimeout: true, restartOnExit: true, clear: true, stdin: true,
  postpone: true,
} as const satisfies Record<SettingsKey, true>;

export const SETTINGS_KEYS = Object.keys(KEYS) as SettingsKey[];
