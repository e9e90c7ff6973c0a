/**
 * Editing the settings file while `systemfd watch` runs: the file is read again and merged
 * with the command line's flags as at start (flags > file > defaults, by the CLI's own code,
 * passed in as `load`), and the result applies to the next generation: command, env, build
 * steps, stop signal and timeout, the watch set and its filters, the debounce, the sockets.
 *
 * An edit that does not load (bad JSON, an unknown key, a socket that cannot be opened) is
 * one error line, and the session keeps its last good settings and its running server: the
 * change is taken out of the restart path before the server would be stopped for it.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { Reporter } from '../log/reporter.js';
import type { ChangeBatcher } from '../watch/change-batcher.js';
import { createFileWatcher, type FileWatcher } from '../watch/watcher.js';
import type { FileChange } from '../watch/types.js';
import { describeChanges } from './describe-changes.js';
import type { WatchLaunchOptions } from './options.js';
import type { ReplaceableWatcher } from './replaceable-watcher.js';
import type { SessionSockets } from './session-sockets.js';
import { assignInPlace, fixedChanges, keepFixed, sameValue } from './session-settings.js';

/** What the CLI gives watch mode so it can re-read its settings file. */
export interface SettingsReload {
  /** Absolute path of the settings file (`.systemfdrc`, or the one given with --config). */
  path: string;
  /** The settings as the CLI resolves them at start, read again; throws a one-line error. */
  load(): Promise<WatchLaunchOptions>;
}

export interface RcReloadOptions {
  reload: SettingsReload;
  /** The session's live options tree (rewritten in place). */
  options: WatchLaunchOptions;
  sockets: SessionSockets;
  /** The sockets are held by something made once (the proxy's router): they cannot change. */
  fixedSockets: boolean;
  watcher: ReplaceableWatcher;
  batcher: ChangeBatcher;
  reporter: Reporter;
  /** Ask for the restart that starts a generation with the new settings. */
  restart: (reason: string) => void;
}

export class RcReload {
  readonly #o: RcReloadOptions;
  /** Reloads run one after another, in the order the file changed. */
  #queue: Promise<void> = Promise.resolve();
  /** An editor's save can be several writes (truncate, write): the file is read once they stop. */
  #quiet: NodeJS.Timeout | undefined;

  /** The file itself, watched whatever the watch set and its filters are. */
  #own: FileWatcher | null = null;

  constructor(options: RcReloadOptions) {
    this.#o = options;
    const { path } = options.reload;
    if (existsSync(path)) {
      const { poll } = options.options.watchMode.watch;
      this.#own = createFileWatcher({ cwd: dirname(path), paths: [path], include: [], ignore: [], exts: [], gitignore: false, defaultIgnores: false, poll });
      this.#own.on('change', (change) => this.#changed(change, dirname(path)));
      this.#own.on('error', (error) => options.reporter.debug(`watching ${path}: ${error.message}`));
    }
  }

  /** True if `change` is the settings file (then it is handled here, not as a plain change). */
  claims(change: FileChange): boolean {
    return this.#changed(change, this.#o.options.watchMode.watch.cwd);
  }

  #changed(change: FileChange, base: string): boolean {
    if (resolve(base, change.path) !== this.#o.reload.path) return false;
    // Deleted: nothing to read; the session keeps its settings (a re-created file applies).
    if (change.kind === 'unlink') return true;
    clearTimeout(this.#quiet);
    this.#quiet = setTimeout(() => {
      this.#queue = this.#queue.then(() => this.#apply(describeChanges([change])));
    }, this.#o.options.watchMode.debounceMs).unref();
    return true;
  }

  /** Forget a reload that is still waiting for the file to settle (shutdown). */
  async close(): Promise<void> {
    clearTimeout(this.#quiet);
    await this.#own?.close();
  }

  /** Resolves when every reload asked for so far is done. */
  settled(): Promise<void> {
    return this.#queue;
  }

  async #apply(reason: string): Promise<void> {
    const { reload, options, sockets, watcher, batcher, reporter } = this.#o;
    let loaded: WatchLaunchOptions;
    try {
      loaded = await reload.load();
    } catch (error) {
      reporter.error(withSuffix(error, 'keeping the previous settings'));
      return;
    }
    const fixed = fixedChanges(options, loaded);
    if (fixed.length > 0) reporter.warn(`${fixed.join(', ')} changed in the settings file: restart systemfd to apply ${fixed.length === 1 ? 'it' : 'them'}`);
    const next = keepFixed(options, loaded);
    if (!sameValue(options.sockets.map((s) => s.text), next.sockets.map((s) => s.text)) && (!sockets.changeable || this.#o.fixedSockets)) {
      reporter.warn('sockets changed in the settings file: restart systemfd to apply them');
      next.sockets = options.sockets;
    }
    // The new watcher first: one that cannot be made leaves everything as it was, sockets too.
    const watchChanged = !sameValue(options.watchMode.watch, next.watchMode.watch);
    if (watchChanged && !this.#replaceWatcher(next.watchMode.watch)) return;
    try {
      const { added, removed } = await sockets.update(next.sockets, next.socket);
      for (const socket of removed) reporter.info(`closed socket ${socket.description}`);
      for (const socket of added) reporter.info(`socket ${socket.description} -> fd #${sockets.childHandleLabel(sockets.sockets.indexOf(socket))}`);
    } catch (error) {
      reporter.error(withSuffix(error, 'keeping the previous settings'));
      if (watchChanged) this.#replaceWatcher(options.watchMode.watch);
      return;
    }
    assignInPlace(options as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>);
    batcher.retune(options.watchMode.debounceMs);
    this.#o.restart(reason);
  }

  /** Watch with `watch` from now on; false (and one error line) when that watcher cannot be made. */
  #replaceWatcher(watch: WatchLaunchOptions['watchMode']['watch']): boolean {
    const { watcher, reporter, reload } = this.#o;
    const unusable = (error: unknown, what: string) =>
      new ConfigError(`the watch settings in ${basename(reload.path)} cannot be used: ${error instanceof Error ? error.message.split('\n')[0] : String(error)} (${what})`, { cause: error });
    try {
      // Closing the old watcher can still fail later: reported, never an unhandled rejection
      // (which would end the session without its cleanup).
      watcher.replace(watch).catch((error: unknown) => reporter.error(unusable(error, 'watching with the new settings')));
      return true;
    } catch (error) {
      reporter.error(unusable(error, 'keeping the previous settings'));
      return false;
    }
  }
}

/** The error's own line with what happens next, keeping its class (so it prints as one line). */
function withSuffix(error: unknown, suffix: string): unknown {
  if (!(error instanceof Error)) return error;
  error.message = `${error.message.split('\n')[0]} (${suffix})`;
  return error;
}
