/** What commands get from the outside world, passed in rather than read from process globals, so tests can run them in-process. */
import type { BaseContext } from 'clipanion';
import type { ExitStatus } from '../supervisor/signals.js';

export interface SystemfdContext extends BaseContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** systemfd's own arguments, before the first `--`, as typed (messages name flags so). */
  ownArgv: string[];
  /** Everything after the first `--`, or null when there was no `--`. */
  commandArgv: string[] | null;
  /** Set by a command that ran a child: how it ended, to be mirrored by cli.ts. */
  outcome?: ExitStatus;
}
