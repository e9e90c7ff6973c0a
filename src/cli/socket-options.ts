/**
 * The base of clipanion's `systemfd` and `systemfd watch`: their flags are the settings table's
 * rows of their mode (clipanion gives every switch its `--no-` form), installed when clipanion
 * makes the command, and read back as Settings once it has parsed them.
 */
import { Command, Option } from 'clipanion';
import type { Mode } from '../settings/row.js';
import type { Settings } from '../config/settings.js';
import type { SystemfdContext } from './context.js';
import { flagRows, flagSettings, helpDescription } from './table-options.js';

/** Put the table's options on a command instance (clipanion reads them off its properties). */
function installOptions(command: object, mode: Mode): void {
  const target = command as Record<string, unknown>;
  for (const [key, row] of flagRows(mode)) {
    const names = row.flags.join(',');
    const options = { description: helpDescription(row), hidden: row.coming === true };
    switch (row.type.flag) {
      case 'switch': target[key] = Option.Boolean(names, options); break;
      case 'value': target[key] = Option.String(names, options); break;
      case 'values': target[key] = Option.Array(names, options); break;
      case 'switch-or-value': target[key] = Option.String(names, { ...options, tolerateBoolean: true }); break;
    }
  }
}

export abstract class SocketCommand extends Command<SystemfdContext> {
  /** `--config FILE`, the one flag that is not a setting of the file. */
  declare config: string | undefined;

  constructor(readonly mode: Mode) {
    super();
    installOptions(this, mode);
  }

  /** The flags that were given, checked, as Settings (absent flags stay undefined so the file shows). */
  flagSettings(): Settings {
    return flagSettings(this, this.mode, this.context.ownArgv);
  }
}
