/**
 * The base of `systemfd` and `systemfd watch`: their flags are the settings table's rows of
 * their mode (clipanion gives every switch its `--no-` form), installed when clipanion makes
 * the command, and read back as Settings once it has parsed them.
 */
import { Command } from 'clipanion';
import type { Mode } from '../settings/row.js';
import type { Settings } from '../config/settings.js';
import type { SystemfdContext } from './context.js';
import { flagSettings, installOptions } from './table-options.js';

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
