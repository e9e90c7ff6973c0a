/**
 * The session's sockets as one SocketSet that can change while the session runs: each spec is
 * opened as a set of its own, so a spec that stays keeps its socket (its port never closes and
 * no connection waiting in its backlog is lost), a new spec gets a new socket, and a removed
 * spec's socket is closed alone.
 *
 * Where sockets reach the child through a per-session server instead of inherited fds (the
 * Windows RPC hand-off: no fds, one server answers for every socket), one set holds them all
 * and cannot be split; there, `update` refuses and the caller says a restart is needed.
 */
import { encodeListenEnv, FIRST_FD, type EnvPatch } from '../protocol/env.js';
import { openSocketSet, type BoundSocket, type SocketOptions, type SocketSet } from '../sockets/socket-set.js';
import type { SocketSpec } from '../sockets/spec.js';

export interface SocketChanges {
  added: BoundSocket[];
  removed: BoundSocket[];
}

/** Two specs name the same socket when they say the same thing (name, type and address). */
function sameSocket(a: SocketSpec, b: SocketSpec): boolean {
  if (a.kind !== b.kind || a.name !== b.name) return false;
  if (a.kind === 'unix' || b.kind === 'unix') return a.kind === 'unix' && b.kind === 'unix' && a.path === b.path;
  return a.address.family === b.address.family && a.address.ip === b.address.ip && a.address.port === b.address.port && a.address.scopeId === b.address.scopeId;
}

function closeAll(sets: readonly SocketSet[]): Promise<unknown> {
  return Promise.allSettled(sets.map((set) => set.close()));
}

/** Opens `specs` one set each; on failure closes what was opened and rethrows. */
async function openEach(specs: readonly SocketSpec[], options: SocketOptions): Promise<SocketSet[]> {
  const sets: SocketSet[] = [];
  for (const spec of specs) {
    try {
      sets.push(await openSocketSet([spec], options));
    } catch (error) {
      await closeAll(sets);
      throw error;
    }
  }
  return sets;
}

function handsOverFds(set: SocketSet): boolean {
  return set.sockets.length === 0 || set.childFds().length === set.sockets.length;
}

export class SessionSockets implements SocketSet {
  #sets: SocketSet[];
  /** One set for all sockets (a server-based hand-off): the sockets cannot change. */
  readonly #fixed: boolean;

  private constructor(sets: SocketSet[], fixed: boolean) {
    this.#sets = sets;
    this.#fixed = fixed;
  }

  static async open(specs: readonly SocketSpec[], options: SocketOptions): Promise<SessionSockets> {
    if (specs.length === 0) return new SessionSockets([await openSocketSet([], options)], false);
    const sets = await openEach(specs, options);
    if (sets.every(handsOverFds)) return new SessionSockets(sets, false);
    await closeAll(sets);
    return new SessionSockets([await openSocketSet(specs, options)], true);
  }

  /** Whether `update` can change the sockets while the session runs. */
  get changeable(): boolean {
    return !this.#fixed;
  }

  get sockets(): readonly BoundSocket[] {
    return this.#sets.flatMap((set) => set.sockets);
  }

  childHandleLabel(index: number): string {
    if (this.#sets.length === 1) return (this.#sets[0] as SocketSet).childHandleLabel(index);
    return String(FIRST_FD + index);
  }

  childFds(): number[] {
    return this.#sets.flatMap((set) => set.childFds());
  }

  childEnv(options: { withPid: boolean }): EnvPatch {
    if (this.#sets.length === 1) return (this.#sets[0] as SocketSet).childEnv(options);
    return encodeListenEnv(this.sockets.map((socket) => socket.spec.name), options);
  }

  prepareForChild(): void {
    for (const set of this.#sets) set.prepareForChild();
  }

  /**
   * Make the sockets those of `specs`, in their order: kept ones stay open, new ones are opened
   * first (a failure there changes nothing and throws), removed ones are closed last.
   */
  async update(specs: readonly SocketSpec[], options: SocketOptions): Promise<SocketChanges> {
    const current = this.#sets.filter((set) => set.sockets.length > 0);
    const unchanged = current.length === specs.length && current.every((set, i) => sameSocket((set.sockets[0] as BoundSocket).spec, specs[i] as SocketSpec));
    if (unchanged) return { added: [], removed: [] };
    if (this.#fixed) throw new Error('the sockets of this session cannot change while it runs');
    const taken = new Set<SocketSet>();
    const next: Array<SocketSet | SocketSpec> = specs.map((spec) => {
      const kept = current.find((set) => !taken.has(set) && sameSocket((set.sockets[0] as BoundSocket).spec, spec));
      if (!kept) return spec;
      taken.add(kept);
      return kept;
    });
    const toOpen = next.filter((entry): entry is SocketSpec => !('sockets' in entry));
    const opened = await openEach(toOpen, options);
    const fresh = [...opened];
    const sets = next.map((entry) => ('sockets' in entry ? entry : (fresh.shift() as SocketSet)));
    const removed = this.#sets.filter((set) => !taken.has(set));
    this.#sets = sets.length > 0 ? sets : [await openSocketSet([], options)];
    await closeAll(removed);
    return { added: opened.flatMap((set) => set.sockets), removed: removed.flatMap((set) => set.sockets) };
  }

  async close(): Promise<void> {
    const failures = (await Promise.allSettled(this.#sets.map((set) => set.close()))).filter((r) => r.status === 'rejected');
    if (failures[0]) throw (failures[0] as PromiseRejectedResult).reason;
  }

  closeSync(): void {
    for (const set of this.#sets) set.closeSync();
  }
}
