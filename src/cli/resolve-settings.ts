/** Flags over `.systemfdrc`: the file is found and validated by src/config. */
import { mergeSettings, type Settings } from '../config/settings.js';
import type { SystemfdContext } from './context.js';

export async function resolveSettings(flags: Settings, configPath: string | undefined, context: SystemfdContext): Promise<Settings> {
  const { loadProjectSettings } = await import('../config/load-rc.js');
  const fromFile = await loadProjectSettings({ cwd: context.cwd, configPath, env: context.env });
  return mergeSettings(fromFile?.settings, flags);
}

/**
 * The directory a run is based in. A run described by `.systemfdrc` (its command comes from the
 * file) is based in the file's directory (or its `cwd` key), like npm runs scripts from
 * package.json's directory, so `systemfd watch` behaves the same from any subdirectory; the
 * process moves there because bind() resolves relative unix socket paths against it. A command
 * given after `--` is the user's own, relative to where they typed it: that run stays put.
 */
export function runDirectory(settings: Settings, context: SystemfdContext): string {
  const fromFile = context.commandArgv === null || context.commandArgv.length === 0;
  const base = fromFile ? settings.cwd ?? context.cwd : context.cwd;
  if (base !== process.cwd()) process.chdir(base);
  return base;
}
