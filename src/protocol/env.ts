/**
 * The environment contract shared by the launcher and the child library (systemd's LISTEN_* variables, LISTEN_FDNAMES, and the Windows
 * SYSTEMFD_SOCKET_* pair).
 * Names are defined here once; nothing else spells them.
 */

export const ENV = {
  LISTEN_FDS: 'LISTEN_FDS',
  LISTEN_PID: 'LISTEN_PID',
  LISTEN_FDNAMES: 'LISTEN_FDNAMES',
  LISTEN_FDS_FIRST_FD: 'LISTEN_FDS_FIRST_FD',
  SOCKET_SERVER: 'SYSTEMFD_SOCKET_SERVER',
  SOCKET_SECRET: 'SYSTEMFD_SOCKET_SECRET',
} as const;

/** systemd's first passed fd (SD_LISTEN_FDS_START). */
export const FIRST_FD = 3;

/** Every variable a parent may add; removed from a child's environment when we pass nothing. */
export const ALL_SOCKET_VARS: readonly string[] = Object.values(ENV);

/**
 * Environment changes for a child: a string sets, `undefined` removes.
 * Kept as a plain record so spawn code can apply it to any base environment.
 */
export type EnvPatch = Record<string, string | undefined>;

export function applyEnvPatch(base: NodeJS.ProcessEnv, patch: EnvPatch): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/**
 * LISTEN_* for `count` sockets at fds 3.. with the given names. LISTEN_PID is not set here:
 * only the exec trampoline knows the command's pid (see supervisor/spawn-child.ts). `withPid`
 * false removes an inherited LISTEN_PID (one naming another process would make consumers
 * refuse the sockets).
 */
export function encodeListenEnv(names: readonly string[], { withPid }: { withPid: boolean }): EnvPatch {
  const patch: EnvPatch = Object.fromEntries(ALL_SOCKET_VARS.map((name) => [name, undefined]));
  if (names.length === 0) return patch;
  patch[ENV.LISTEN_FDS] = String(names.length);
  patch[ENV.LISTEN_FDS_FIRST_FD] = String(FIRST_FD);
  patch[ENV.LISTEN_FDNAMES] = names.join(':');
  if (!withPid) patch[ENV.LISTEN_PID] = undefined;
  return patch;
}

export interface ListenEnv {
  /** Number of passed fds (0 when absent or unparsable, as listenfd does). */
  count: number;
  firstFd: number;
  /** The LISTEN_PID value, or null when absent or empty (both accepted). */
  pid: number | null;
  names: string[];
}

/**
 * Decode LISTEN_* with listenfd's tolerance: missing or garbage LISTEN_FDS means "no fds";
 * an empty LISTEN_PID counts as absent. Returns `null` when LISTEN_FDS is missing/unparsable.
 */
export function decodeListenEnv(env: NodeJS.ProcessEnv): ListenEnv | null {
  const countText = env[ENV.LISTEN_FDS];
  if (countText === undefined || !/^\d+$/.test(countText)) return null;
  const count = Number(countText);
  const firstText = env[ENV.LISTEN_FDS_FIRST_FD];
  const firstFd = firstText !== undefined && /^\d+$/.test(firstText) ? Number(firstText) : FIRST_FD;
  const pidText = env[ENV.LISTEN_PID];
  const pid = pidText === undefined || pidText === '' ? null : /^\d+$/.test(pidText) ? Number(pidText) : NaN;
  const names = (env[ENV.LISTEN_FDNAMES] ?? '').split(':');
  return { count, firstFd, pid, names: Array.from({ length: count }, (_, i) => names[i] || 'unknown') };
}
