/** `systemfd [OPTIONS] -- COMMAND [ARGS...]`: the systemfd 0.4.6-compatible one-shot mode. */
import { Command } from 'clipanion';
import { SocketCommand } from './socket-options.js';
import { runOnceMode } from './run-modes.js';

export class SystemfdCommand extends SocketCommand {
  static override paths = [Command.Default];

  static override usage = Command.Usage({
    description: 'open listening sockets and pass them to a command (systemd socket activation)',
    details: `
      systemfd opens the sockets given with -s, then runs COMMAND with them at file descriptors 3, 4, ... and LISTEN_FDS, LISTEN_PID, LISTEN_FDNAMES and LISTEN_FDS_FIRST_FD set (on Windows: SYSTEMFD_SOCKET_SERVER and SYSTEMFD_SOCKET_SECRET). The command comes after a literal \`--\` and is run without a shell.

      Servers take the sockets with systemd's sd_listen_fds or a port of it (Rust listenfd, python-systemd, go-systemd, gunicorn), Node servers with \`server.listen({ fd: 3 })\` or the \`systemfd/listenfd\` library, and unmodified Node servers through the preload (\`server.listen(3000)\` adopts the socket for port 3000).

      \`systemfd watch\` restarts the command when files change, keeping the sockets open (\`systemfd help watch\` for its options). \`systemfd init\` writes a starter .systemfdrc. \`systemfd -V\` (\`--version\`) prints the version.
    `,
    examples: [
      ['Serve HTTP on port 3000 from a Node server', 'systemfd -s http::3000 -- node server.js'],
      ['Several sockets: http on a kernel-picked port, udp, a unix socket', 'systemfd -s http::0 -s udp::0 -s unix::./app.sock -- ./server'],
      ['Restart on change, keeping the socket', 'systemfd watch -s http::3000 -- node server.js'],
    ],
  });

  constructor() {
    super('once');
  }

  async execute(): Promise<number> {
    await runOnceMode(this.flagSettings(), this.config, this.context);
    return 0;
  }
}
