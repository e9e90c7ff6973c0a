/** What commands get from the outside world (STYLE rule 8): no process globals in the core. */
import type { BaseContext } from 'clipanion';
import type { ExitStatus } from '../supervisor/signals.js';

export interface SystemfdContext extends BaseContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Everything after the first `--`, or null when there was no `--`. */
  commandArgv: string[] | null;
  /** Set by a command that ran a child: how it ended, to be mirrored by cli.ts. */
  outcome?: ExitStatus;
}
