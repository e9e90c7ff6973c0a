/**
 * Settings: the one shape shared by the command line and `.systemfdrc`, declared by the
 * settings table (settings/table.ts). Every key is optional; precedence is flags > file >
 * defaults, applied by cli/to-launch-options.ts.
 */
import type { Settings } from '../settings/table.js';

export type { Settings, FileKey as SettingsKey } from '../settings/table.js';

/** Later sources win, key by key (arrays are replaced, not concatenated; env maps are merged). */
export function mergeSettings(...sources: Array<Settings | undefined>): Settings {
  const merged: Record<string, unknown> = {};
  for (const source of sources) {
    if (!source) continue;
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined) continue;
      if (key === 'env') merged['env'] = { ...(merged['env'] as Record<string, string> | undefined), ...(value as Record<string, string>) };
      else merged[key] = value;
    }
  }
  return merged as Settings;
}
