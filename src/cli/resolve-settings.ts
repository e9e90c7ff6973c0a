/** Flags over `.systemfdrc` (issue 4): the file is found and validated by src/config. */
import { mergeSettings, type Settings } from '../config/settings.js';
import type { SystemfdContext } from './context.js';

export async function resolveSettings(flags: Settings, configPath: string | undefined, context: SystemfdContext): Promise<Settings> {
  const { loadProjectSettings } = await import('../config/load-rc.js');
  const fromFile = await loadProjectSettings({ cwd: context.cwd, configPath, env: context.env });
  return mergeSettings(fromFile?.settings, flags);
}
