/**
 * Proxy mode in the launcher: decides whether it is on (--proxy, rc `"proxy": true`, or a bun /
 * deno command that cannot adopt a socket, unless --no-proxy / `"proxy": false` says otherwise),
 * opens the router on the public sockets, and says so in `~>` lines. The per-generation part is
 * proxied-hand-off.ts, a HandOff like the inherited one.
 */
import type { Reporter } from '../log/reporter.js';
import { detectRuntime, type RuntimeFinding } from '../proxy/detect-runtime.js';
import { addressInUseHint } from '../proxy/hints.js';
import { readPackageScripts } from '../proxy/package-scripts.js';
import { openProxyHandOff, type ProxyHandOff } from '../proxy/proxy-hand-off.js';
import type { SocketSet } from '../sockets/socket-set.js';
import type { ExitStatus } from '../supervisor/signals.js';
import type { LaunchOptions } from './options.js';

/** The `~>` lines for proxied sockets, instead of the `-> fd #3` ones. */
export function announceProxied(reporter: Reporter, sockets: SocketSet): void {
  for (const socket of sockets.sockets) reporter.info(`socket ${socket.description} -> proxied to the command's $PORT`);
}

/**
 * Whether proxy mode is on (--proxy; or, unless --no-proxy / `"proxy": false` said otherwise, a
 * bun/deno command found by detectRuntime) and, if so, the proxied hand-off with the public
 * listeners adopted and the first ports reserved.
 */
export async function openProxy(options: LaunchOptions, sockets: SocketSet, reporter: Reporter): Promise<{ handOff: ProxyHandOff; finding: RuntimeFinding | null } | null> {
  if (options.proxy === false) return null;
  const forced = options.proxy === true;
  const finding = forced ? null : detectRuntime(options.command.argv, readPackageScripts(options.command.cwd));
  if (!forced && finding === null) return null;
  // A detected runtime with no socket to forward has nothing to proxy: run it as is.
  if (!forced && sockets.sockets.length === 0) return null;
  if (!forced && sockets.sockets.some((socket) => socket.spec.kind === 'udp')) {
    reporter.warn(`${finding?.runtime} cannot adopt an inherited socket, and udp sockets cannot be proxied: running it without the proxy (--no-proxy silences this)`);
    return null;
  }
  const handOff = await openProxyHandOff(sockets.sockets);
  handOff.router.on('warning', (message) => reporter.warn(message));
  handOff.router.on('hold-timeout', () => reporter.warn('proxy: a client waited for a ready server longer than the hold bound and was answered by systemfd'));
  return { handOff, finding };
}

/** Inherited mode: say once per session when an early failure may be a server binding our port. */
export function addressInUseHinter(sockets: SocketSet, reporter: Reporter): (status: ExitStatus, ranMs: number) => void {
  let hinted = false;
  return (status, ranMs) => {
    const hint = hinted ? null : addressInUseHint(sockets.sockets, { code: status.code, ranMs });
    if (hint === null) return;
    hinted = true;
    reporter.info(hint);
  };
}
