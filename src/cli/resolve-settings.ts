/** Flags over `.systemfdrc` (issue 4): the file is found and validated by src/config. */
import { mergeSettings, type Settings } from '../config/settings.js';
import type { SystemfdContext } from './context.js';

export async function resolveSettings(flags: Settings, configPath: string | undefined, context: SystemfdContext): Promise<Settings> {
  const { loadProjectSettings } = await import('../config/load-rc.js');
  const fromFile = await loadProjectSettings({ cwd: context.cwd, configPath, env: context.env });
  return mergeSettings(fromFile?.settings, flags);
}

/**
 * The directory a run is based in: the `.systemfdrc`'s (or its `cwd` key), like npm runs
 * scripts from package.json's directory, so `systemfd watch` behaves the same from any
 * subdirectory. Relative unix socket paths, watch paths and the command are all relative to it,
 * so the process moves there (bind() resolves relative unix paths against the process cwd).
 */
export function enterBaseDirectory(settings: Settings, context: SystemfdContext): string {
  const base = settings.cwd ?? context.cwd;
  if (base !== context.cwd && base !== process.cwd()) process.chdir(base);
  return base;
}
