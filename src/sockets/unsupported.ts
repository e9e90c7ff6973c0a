/** Platforms with neither the POSIX nor the Windows path: no sockets, a clear error if asked. */
import { UnsupportedError } from '../errors.js';
import { encodeListenEnv } from '../protocol/env.js';
import type { SocketOptions, SocketSet } from './socket-set.js';
import type { SocketSpec } from './spec.js';

export async function openUnsupportedSocketSet(specs: readonly SocketSpec[], _options: SocketOptions, platform: string): Promise<SocketSet> {
  if (specs.length > 0) throw new UnsupportedError(`sockets are not supported on ${platform}`);
  return {
    sockets: [],
    childHandleLabel: () => '',
    childFds: () => [],
    childEnv: ({ withPid }) => encodeListenEnv([], { withPid }),
    prepareForChild: () => {},
    close: async () => {},
    closeSync: () => {},
  };
}
