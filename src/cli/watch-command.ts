/** `systemfd watch`: restart the command's whole tree on file changes, sockets kept open. */
import { Command } from 'clipanion';
import { SocketCommand } from './socket-options.js';
import { runWatchMode } from './run-modes.js';

export class WatchCommand extends SocketCommand {
  static override paths = [['watch']];

  static override usage = Command.Usage({
    description: 'run a command with the sockets and restart it when files change',
    details: `
      Opens the sockets once, runs COMMAND with them, and on every relevant file change stops the command's whole process tree (--stop-signal, then SIGKILL after --stop-timeout) and starts it again with the same sockets. Connections that arrive during a restart wait in the kernel's backlog: none is refused.

      Watched: the current directory (or each -w PATH), minus .gitignore'd files, the usual ignores (.git, node_modules, caches, editor swap files) and -i globs; -e and -f narrow it further. A burst of changes (a git checkout, a formatter) makes one restart.

      Type \`rs\` and Enter to restart by hand; every other line typed goes to the command's stdin, which is then a pipe, not the terminal (--no-stdin gives the command the terminal itself, and turns \`rs\` off). Ctrl-C stops everything; a second Ctrl-C kills at once. Ctrl-Z suspends the command's whole tree with systemfd, and \`fg\` resumes both; time spent suspended does not count towards --stop-timeout.
    `,
    examples: [
      ['Restart a Node server on change', 'systemfd watch -s http::3000 -- node server.js'],
      ['Build TypeScript first, watch only src for .ts and .json', 'systemfd watch -s http::3000 -w src -e ts,json --build "npm run build" -- node dist/server.js'],
    ],
  });

  constructor() {
    super('watch');
  }

  async execute(): Promise<number> {
    await runWatchMode(this.flagSettings(), this.config, this.context);
    return 0;
  }
}
