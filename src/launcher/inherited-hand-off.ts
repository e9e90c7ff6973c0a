/**
 * The inherited hand-off: every generation gets the session's sockets at fds 3.. with the
 * LISTEN_* environment (the Windows RPC variables there), the Node preload, and, where the
 * platform has them, the readiness channels. A generation stops receiving clients when it
 * closes its listeners, which the preload does on the stop signal, so `retire` has nothing to do.
 */
import type { Reporter } from '../log/reporter.js';
import type { ReadinessHub } from '../readiness/readiness-hub.js';
import type { SocketSet } from '../sockets/socket-set.js';
import type { HandOff } from '../supervisor/generation.js';
import { buildChildEnv } from './child-env.js';
import type { CommandOptions } from './options.js';

export interface InheritedHandOffOptions {
  sockets: SocketSet;
  command: CommandOptions;
  env: NodeJS.ProcessEnv;
  reporter: Reporter;
  stop: { stopSignal?: NodeJS.Signals; stopTimeoutMs?: number };
  readiness: ReadinessHub | null;
}

export function inheritedHandOff({ sockets, command, env, reporter, stop, readiness }: InheritedHandOffOptions): HandOff {
  const base = buildChildEnv(sockets, command, stop, env, reporter);
  return {
    prepare: ({ id, alongside }) => {
      // The sockets' file descriptions are shared with every process that holds them: clearing
      // O_NONBLOCK while another generation serves would make its accept() block. Alone, each
      // generation gets them blocking, as the original hands them out.
      if (alongside === 0) sockets.prepareForChild();
      return { envPatch: { ...base, ...(readiness?.envFor(id) ?? {}) }, fds: sockets.childFds() };
    },
    watch: ({ id }, signals) => readiness?.watch(id, signals),
    retire: () => {},
    release: ({ id }) => readiness?.release(id),
    close: async () => {
      await readiness?.close();
    },
  };
}
