/** Settings of both modes: the sockets, the command and how systemfd talks. */
import { parseSocketSpec } from '../sockets/spec.js';
import { commandLine, envMap, list } from './compound-types.js';
import { BOTH, setting } from './row.js';
import { boolean, choice, integer, text, tristate } from './scalar-types.js';

/**
 * The default backlog is the system maximum: the kernel silently caps listen()'s argument at
 * SOMAXCONN (Linux net.core.somaxconn, macOS kern.ipc.somaxconn), so asking for the largest
 * int gets exactly that maximum everywhere.
 */
export const DEFAULT_BACKLOG = 2 ** 31 - 1;

export const RUN_SETTINGS = {
  sockets: setting({
    type: list('SPEC', 'a socket spec', parseSocketSpec), target: 'sockets', default: [], modes: BOTH, flags: ['-s', '--socket'],
    description: 'Socket to open, repeatable, in fd order (3, 4, ...): [NAME=][TYPE::]VALUE with TYPE tcp, http, https, unix or udp; VALUE a port (on 127.0.0.1), IP:PORT, [IPv6]:PORT or a unix socket path. Port 0 lets the kernel pick.',
  }),
  command: setting({
    type: commandLine(), target: 'command.argv', default: undefined, modes: BOTH,
    description: 'The command to run: an argv array, or a string split into words like a shell would (quotes and backslashes; no variables, pipes or &&, since it runs without a shell). A command after `--` on the command line replaces it.',
  }),
  cwd: setting({
    type: text('DIR'), target: 'command.cwd', reload: 'session', default: undefined, modes: BOTH, defaultText: 'the directory of the file',
    description: 'Directory the command and the build steps run in, relative to the settings file; relative watch paths, globs and unix socket paths are relative to it too.',
  }),
  backlog: setting({
    type: integer(1, DEFAULT_BACKLOG), target: 'socket.backlog', reload: 'session', default: DEFAULT_BACKLOG, defaultText: 'the system maximum, SOMAXCONN', modes: BOTH, flags: ['-b', '--backlog'],
    description: 'Listen backlog for stream sockets.',
  }),
  reuse: setting({
    type: boolean(), target: 'socket.reuseAddr', reload: 'session', default: true, modes: BOTH, flags: ['--reuse'],
    description: 'Set SO_REUSEADDR on the sockets (--no-reuse turns it off).',
  }),
  reusePort: setting({
    type: boolean(), target: 'socket.reusePort', reload: 'session', default: false, modes: BOTH, flags: ['--reuse-port'],
    description: 'Also set SO_REUSEPORT on IP sockets, letting several processes share a port.',
  }),
  pid: setting({
    type: boolean(), target: 'command.pid', default: true, modes: BOTH, flags: ['--pid'],
    description: "Set LISTEN_PID to the command's pid; --no-pid for intermediaries (a shell, cargo watch) whose child is the real server.",
  }),
  nodePreload: setting({
    type: boolean(), target: 'command.nodePreload', default: true, modes: BOTH, flags: ['--node-preload'],
    description: 'Let unmodified Node servers adopt the sockets (server.listen(3000) uses the socket for port 3000) through NODE_OPTIONS (--no-node-preload turns it off).',
  }),
  env: setting({
    type: envMap(), target: 'command.env', default: {}, modes: BOTH, flags: ['-E', '--env'],
    description: 'Extra environment for the command, KEY=VALUE, repeatable; on the command line it adds to the file\'s.',
  }),
  proxy: setting({
    type: tristate(), target: 'proxy', reload: 'session', default: 'auto', modes: BOTH, flags: ['--proxy'], defaultText: 'on for bun and deno commands, off otherwise',
    description: 'Keep the tcp, http, https and unix sockets and forward each connection to a private loopback port per generation ($PORT, $SYSTEMFD_PORTS), for servers that cannot take an inherited socket. --no-proxy (or false in the file) turns it off, also for bun and deno.',
  }),
  config: setting({
    type: text('FILE'), target: null, default: undefined, modes: BOTH, flags: ['--config'], inFile: false, defaultText: 'the nearest .systemfdrc',
    description: 'Read settings from this file instead of the nearest .systemfdrc.',
  }),
  quiet: setting({
    type: boolean(), target: 'output.quiet', reload: 'session', default: false, modes: BOTH, flags: ['-q', '--quiet'],
    description: 'No info lines (errors are still printed).',
  }),
  verbose: setting({
    type: boolean(), target: 'output.verbose', reload: 'session', default: false, modes: BOTH, flags: ['-v', '--verbose'],
    description: 'More output: every file event and why a path was ignored.',
  }),
  color: setting({
    type: choice(['auto', 'always', 'never']), target: 'output.color', reload: 'session', default: 'auto', modes: BOTH, flags: ['--color'],
    description: "Colour of systemfd's own lines: auto, always or never.",
  }),
};
