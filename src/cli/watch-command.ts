/** `systemfd watch`: restart the command's whole tree on file changes, sockets kept open. */
import { Command, Option } from 'clipanion';
import { makeReporter } from './make-reporter.js';
import { SocketCommand } from './socket-options.js';
import { toWatchLaunchOptions } from './to-launch-options.js';
import { runDirectory, resolveSettings } from './resolve-settings.js';
import type { Settings } from '../config/settings.js';

export class WatchCommand extends SocketCommand {
  static override paths = [['watch']];

  static override usage = Command.Usage({
    description: 'run a command with the sockets and restart it when files change',
    details: `
      Opens the sockets once, runs COMMAND with them, and on every relevant file change stops the command's whole process tree (--stop-signal, then SIGKILL after --stop-timeout) and starts it again with the same sockets. Connections that arrive during a restart wait in the kernel's backlog: none is refused.

      Watched: the current directory (or each -w PATH), minus .gitignore'd files, the usual ignores (.git, node_modules, caches, editor swap files) and -i globs; -e and -f narrow it further. A burst of changes (a git checkout, a formatter) makes one restart.

      Type \`rs\` and Enter to restart by hand (unless --no-stdin). Ctrl-C stops everything; a second Ctrl-C kills at once.
    `,
    examples: [
      ['Restart a Node server on change', 'systemfd watch -s http::3000 -- node server.js'],
      ['Build TypeScript first, watch only src for .ts and .json', 'systemfd watch -s http::3000 -w src -e ts,json --build "npm run build" -- node dist/server.js'],
    ],
  });

  watch = Option.Array('-w,--watch', { description: 'Path to watch, repeatable (default: the current directory).' });
  exts = Option.Array('-e,--exts,--ext', { description: 'Only files with these extensions, e.g. -e ts,json.' });
  include = Option.Array('-f,--filter,--include', { description: 'Only paths matching this glob (picomatch), repeatable.' });
  ignore = Option.Array('-i,--ignore', { description: 'Ignore paths matching this glob, repeatable (a glob without / matches at any depth).' });
  gitignore = Option.Boolean('--gitignore', { description: 'Honour .gitignore files (default; --no-gitignore turns it off).' });
  defaultIgnore = Option.Boolean('--default-ignore', { description: 'Built-in ignores: .git, node_modules, caches, editor swap files (--no-default-ignore turns them off).' });
  poll = Option.String('--poll', { tolerateBoolean: true, description: 'Poll for changes instead of OS events (--poll=1s sets the interval; default 500ms).' });
  debounce = Option.String('-d,--debounce', { description: 'Quiet time that ends a burst of changes, with a unit: 20ms (default), 1s.' });
  build = Option.Array('-x,--build', { description: 'Shell command to run before each start, repeatable, in order; a failure keeps the previous server running.' });
  stopSignal = Option.String('--stop-signal', { description: 'Signal that asks the command to stop (default SIGTERM).' });
  stopTimeout = Option.String('--stop-timeout', { description: 'How long to wait after the stop signal before SIGKILL (default 5s).' });
  restartOnExit = Option.Boolean('--restart-on-exit', { description: 'Restart a command that exited on its own, with exponential backoff (default: wait for a change).' });
  clear = Option.Boolean('-c,--clear', { description: 'Clear the terminal before each restart.' });
  stdin = Option.Boolean('--stdin', { description: 'Read `rs` + Enter from stdin to restart (default; --no-stdin leaves stdin to the command).' });
  postpone = Option.Boolean('-p,--postpone', { description: 'Wait for the first change before starting the command.' });
  overlap = Option.Boolean('--overlap', { description: 'Start the next generation beside the running one and switch once it is ready; if it dies first, the old one keeps serving.' });
  readyTimeout = Option.String('--ready-timeout', { description: 'Take a generation that gave no readiness signal as ready after this long (default 10s; 0s: at once).' });

  watchSettings(): Settings {
    return {
      ...this.commonSettings(),
      watch: this.watch,
      exts: this.exts,
      include: this.include,
      ignore: this.ignore,
      gitignore: this.gitignore,
      defaultIgnore: this.defaultIgnore,
      poll: this.poll,
      debounce: this.debounce,
      build: this.build,
      stopSignal: this.stopSignal,
      stopTimeout: this.stopTimeout,
      restartOnExit: this.restartOnExit,
      clear: this.clear,
      stdin: this.stdin,
      postpone: this.postpone,
      overlap: this.overlap,
      readyTimeout: this.readyTimeout,
    };
  }

  async execute(): Promise<number> {
    const settings = await resolveSettings(this.watchSettings(), this.config, this.context);
    const options = toWatchLaunchOptions(settings, this.context.commandArgv, runDirectory(settings, this.context));
    const reporter = makeReporter(options.output, this.context);
    const stderr = this.context.stderr as { isTTY?: boolean };
    this.context.outcome = await (await import('../launcher/run-watch.js')).runWatch(options, { reporter, env: this.context.env, stdin: this.context.stdin, canClear: stderr.isTTY === true });
    return 0;
  }
}
