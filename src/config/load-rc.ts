/** Placeholder until issue 4 lands: no project file support yet. */
import type { Settings } from './settings.js';

export async function loadProjectSettings(_options: { cwd: string; configPath: string | undefined; env: NodeJS.ProcessEnv }): Promise<{ path: string; settings: Settings } | null> {
  return null;
}
