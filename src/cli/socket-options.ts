/**
 * Flags shared by `systemfd` and `systemfd watch`: upstream systemfd's full set plus our additions.
 * Clipanion gives every boolean declared with a default of true its `--no-` form.
 */
import { Command, Option } from 'clipanion';
import { isBacklog, isColorChoice } from './validators.js';
import type { SystemfdContext } from './context.js';
import type { Settings } from '../config/settings.js';
import { parseEnvAssignments } from './to-launch-options.js';

export abstract class SocketCommand extends Command<SystemfdContext> {
  sockets = Option.Array('-s,--socket', {
    description: 'Socket to open, repeatable, in order: [NAME=][TYPE::]VALUE with TYPE tcp, http, https, unix or udp; VALUE a port (127.0.0.1), IP:PORT, [IPv6]:PORT or a unix path. Port 0 lets the kernel pick.',
  });
  backlog = Option.String('-b,--backlog', {
    validator: isBacklog,
    description: 'Listen backlog for stream sockets (default: the system maximum, SOMAXCONN).',
  });
  reuse = Option.Boolean('--reuse', { description: 'Set SO_REUSEADDR (default; --no-reuse turns it off).' });
  reusePort = Option.Boolean('--reuse-port', {
    description: 'Also set SO_REUSEPORT on IP sockets, letting several processes share a port.',
  });
  pid = Option.Boolean('--pid', {
    description: 'Set LISTEN_PID to the command\'s pid (default). --no-pid for intermediaries (a shell, cargo watch) whose child is the real server.',
  });
  nodePreload = Option.Boolean('--node-preload', {
    description: 'Let unmodified Node servers adopt the sockets (server.listen(3000) uses fd 3) through NODE_OPTIONS (default; --no-node-preload turns it off).',
  });
  proxy = Option.Boolean('--proxy', { description: 'Keep the sockets and forward each connection to a private port the command binds ($PORT, $SYSTEMFD_PORTS): for servers that cannot take an inherited socket (automatic for bun and deno).' });
  env = Option.Array('-E,--env', { description: 'Extra environment for the command, KEY=VALUE, repeatable.' });
  config = Option.String('--config', { description: 'Read settings from this file instead of the nearest .systemfdrc.' });
  quiet = Option.Boolean('-q,--quiet', { description: 'No info lines (errors are still printed).' });
  verbose = Option.Boolean('-v,--verbose', { description: 'More output: every file event and why a path was ignored.' });
  color = Option.String('--color', { validator: isColorChoice, description: 'Colour of systemfd\'s own lines: auto, always or never.' });

  /** The flags that were given, as Settings (absent flags stay undefined so the rc file shows). */
  commonSettings(): Settings {
    return {
      sockets: this.sockets,
      backlog: this.backlog,
      reuse: this.reuse,
      reusePort: this.reusePort,
      pid: this.pid,
      nodePreload: this.nodePreload,
      proxy: this.proxy,
      env: this.env === undefined ? undefined : parseEnvAssignments(this.env),
      quiet: this.quiet,
      verbose: this.verbose,
      color: this.color,
    };
  }
}
