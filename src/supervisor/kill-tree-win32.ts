/**
 * Windows tree control: there are no process groups and no signals between processes.
 * tree-kill runs `taskkill /T /F`, which kills the whole tree at once; it is also what the stop
 * timeout escalates to. Where it fails (Wine's taskkill has no /T; access denied), at least the
 * direct child must die: TerminateProcess through child.kill().
 */
import type { ChildProcess } from 'node:child_process';
import treeKill from 'tree-kill';
import { exited, type TreeControl } from './tree-control.js';

function treeKillAsync(pid: number): Promise<boolean> {
  return new Promise((resolve) => treeKill(pid, 'SIGKILL', (error) => resolve(!error)));
}

export const win32TreeControl: TreeControl = {
  // `detached` would open a new console window for the command.
  ownProcessGroup: false,
  windowsCommands: true,
  // libuv emulates only these two; installing handlers for others throws or never fires.
  deliverableSignals: ['SIGINT', 'SIGHUP'],
  mirrorsSignals: false,
  track: () => {},
  async signalTree(child: ChildProcess) {
    const pid = child.pid;
    if (pid === undefined || exited(child)) return;
    if (!(await treeKillAsync(pid))) child.kill();
  },
  treeGone: (child) => exited(child),
  release: () => {},
};
