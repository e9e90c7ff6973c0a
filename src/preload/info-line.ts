/**
 * The preload's one kind of output: a `~> ` info line on stderr, styled like systemfd's own lines
 * (`~>` dim+bold, message cyan when colour is on). The preload is the user-facing
 * end inside the child, so it writes itself; `SYSTEMFD_PRELOAD_LOG=quiet` silences it.
 */
import type { PreloadLog } from './contract.js';

export function formatInfoLine(message: string, log: PreloadLog): string {
  if (log === 'color') return `\x1b[2m\x1b[1m~>\x1b[0m \x1b[36m${message}\x1b[0m\n`;
  return `~> ${message}\n`;
}

export function writeInfoLine(message: string, log: PreloadLog): void {
  if (log === 'quiet') return;
  try {
    process.stderr.write(formatInfoLine(message, log));
  } catch {
    // stderr closed: the info line is not worth failing the server for.
  }
}

/** `server.listen(3000)`, `server.listen(3000, "::1")`, `server.listen("/tmp/a.sock")`. */
export function describeCall(method: string, request: { kind: 'port'; port: number; host: string | null } | { kind: 'path'; path: string }): string {
  if (request.kind === 'path') return `${method}(${JSON.stringify(request.path)})`;
  return `${method}(${request.port}${request.host === null ? '' : `, ${JSON.stringify(request.host)}`})`;
}
