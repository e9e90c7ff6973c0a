// Real runtimes for the proxy tests: Bun and Deno unpacked by scripts/setup-runtimes.sh into
// .runtimes/, and Python's http.server. A missing runtime skips its tests with the reason,
// unless SYSTEMFD_REQUIRE_RUNTIMES=1 (CI), where it fails them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { repoRoot } from '../helpers/paths.js';

export type Runtime = 'bun' | 'deno' | 'python3';

function locate(runtime: Runtime): string | null {
  if (runtime === 'python3') {
    try {
      execFileSync('python3', ['-c', 'import http.server'], { stdio: 'ignore' });
      return 'python3';
    } catch {
      return null;
    }
  }
  const path = join(repoRoot, '.runtimes', runtime, runtime);
  return existsSync(path) ? path : null;
}

/** The runtime's path, or a skip reason for `test(name, { skip }, ...)`. */
export function runtime(name: Runtime): { path: string; skip: false } | { path: string; skip: string } {
  const path = locate(name);
  if (path !== null) return { path, skip: false };
  const reason = name === 'python3' ? 'python3 with http.server is not installed' : `${name} is not in .runtimes/ (run scripts/setup-runtimes.sh)`;
  if (process.env.SYSTEMFD_REQUIRE_RUNTIMES === '1') throw new Error(`SYSTEMFD_REQUIRE_RUNTIMES=1 but ${reason}`);
  return { path: name, skip: reason };
}

/** Server sources that answer every request with their pid, bound to $PORT. */
export const SERVERS = {
  bunServe: `
const server = Bun.serve({
  port: Number(process.env.PORT),
  fetch(req, server) {
    if (new URL(req.url).pathname === '/ws' && server.upgrade(req)) return;
    return new Response(String(process.pid));
  },
  websocket: { message(ws, message) { ws.send(message); } },
});
`,
  bunNodeHttp: `
import { createServer } from 'node:http';
createServer((req, res) => res.end(String(process.pid))).listen(Number(process.env.PORT));
`,
  denoServe: `
Deno.serve({ port: Number(Deno.env.get('PORT')), onListen() {} }, () => new Response(String(Deno.pid)));
`,
  // http.server with no graceful shutdown: SIGTERM ends it at once, mid-request or not.
  python: `
import http.server, os
class Pid(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = str(os.getpid()).encode()
        self.send_response(200)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.HTTPServer(('127.0.0.1', int(os.environ['PORT'])), Pid).serve_forever()
`,
  // Boots slowly, and exits on /crash: clients must be held while it is restarted.
  bunCrashing: `
await new Promise((resolve) => setTimeout(resolve, 400));
Bun.serve({
  port: Number(process.env.PORT),
  fetch(req) {
    if (new URL(req.url).pathname === '/crash') setTimeout(() => process.exit(3), 20);
    return new Response(String(process.pid));
  },
});
`,
} as const;

/** A hand-written RFC 6455 client: the upgrade, then masked text frames (< 126 bytes). */
export async function openWebSocket(port: number): Promise<{ socket: Socket; send: (text: string) => Promise<string>; closed: Promise<{ error?: string }> }> {
  const socket = connect({ host: '127.0.0.1', port });
  const closed = new Promise<{ error?: string }>((resolve) => {
    socket.once('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    socket.once('close', () => resolve({}));
  });
  socket.write('GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
  const [head] = (await once(socket, 'data')) as [Buffer];
  if (!/^HTTP\/1\.1 101 /.test(head.toString())) throw new Error(`no upgrade: ${head.toString()}`);
  const send = async (text: string): Promise<string> => {
    const mask = Buffer.from([7, 1, 8, 2]);
    const payload = Buffer.from(text).map((byte, i) => byte ^ (mask[i % 4] as number));
    socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, payload]));
    const [frame] = (await once(socket, 'data')) as [Buffer];
    return frame.subarray(2, 2 + ((frame[1] as number) & 0x7f)).toString();
  };
  return { socket, send, closed };
}
