/**
 * Test harness for the watcher: start one on a temp dir, record every event, and wait for
 * events with generous timeouts (never bare sleeps). Also counts inotify watches the way the
 * kernel reports them (/proc/self/fdinfo, "inotify wd:" lines), which must stay at one per watched directory.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { createFileWatcher } from '../../../src/watch/watcher.js';
import type { FileChange, FileWatcher, WatchOptions, WatchTuning } from '../../../src/watch/types.js';

export type Recorded =
  | { type: 'change'; change: FileChange }
  | { type: 'ignored'; change: FileChange; reason: string }
  | { type: 'warning'; message: string }
  | { type: 'error'; error: Error };

export interface Harness {
  watcher: FileWatcher;
  events: Recorded[];
  changes: () => FileChange[];
  ignored: () => { change: FileChange; reason: string }[];
  waitFor: (what: string, predicate: (events: Recorded[]) => boolean, timeout?: number) => Promise<void>;
  waitForChange: (path: string, kind?: FileChange['kind'], timeout?: number) => Promise<void>;
}

export const TIMEOUT = 15_000;

export function watchOptions(cwd: string, overrides: Partial<WatchOptions> = {}): WatchOptions {
  return { cwd, paths: ['.'], include: [], ignore: [], exts: [], gitignore: true, defaultIgnores: true, poll: false, ...overrides };
}

export async function startWatcher(t: Pick<TestContext, 'after'>, cwd: string, overrides: Partial<WatchOptions> = {}, tuning: WatchTuning = {}): Promise<Harness> {
  const watcher = createFileWatcher(watchOptions(cwd, overrides), tuning);
  // Polling fallbacks run on unref()ed timers; hold the test's loop open ourselves.
  const keepAlive = setInterval(() => undefined, 1000);
  t.after(async () => {
    clearInterval(keepAlive);
    await watcher.close();
  });
  const events: Recorded[] = [];
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  watcher.on('change', (change) => { events.push({ type: 'change', change }); wake(); });
  watcher.on('ignored', (change, reason) => { events.push({ type: 'ignored', change, reason }); wake(); });
  watcher.on('warning', (message) => { events.push({ type: 'warning', message }); wake(); });
  watcher.on('error', (error) => { events.push({ type: 'error', error }); wake(); });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('watcher never became ready')), TIMEOUT);
    watcher.once('ready', () => { clearTimeout(timer); resolve(); });
  });
  const waitFor: Harness['waitFor'] = (what, predicate, timeout = TIMEOUT) =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(events)) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; events so far:\n${JSON.stringify(events, null, 1)}`));
      }, timeout);
      const cleanup = () => { clearTimeout(timer); waiters.delete(check); };
      waiters.add(check);
      check();
    });
  const changes = () => events.flatMap((e) => (e.type === 'change' ? [e.change] : []));
  return {
    watcher,
    events,
    changes,
    ignored: () => events.flatMap((e) => (e.type === 'ignored' ? [{ change: e.change, reason: e.reason }] : [])),
    waitFor,
    waitForChange: (path, kind, timeout) =>
      waitFor(`${kind ?? 'any'} change of ${path}`, () => changes().some((c) => c.path === path && (kind === undefined || c.kind === kind)), timeout),
  };
}

/** inotify watches held by this process right now (null where /proc/self/fdinfo is absent). */
export function countInotifyWatches(): number | null {
  let fds: string[];
  try {
    fds = readdirSync('/proc/self/fdinfo');
  } catch {
    return null;
  }
  let count = 0;
  for (const fd of fds) {
    try {
      count += (readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').match(/^inotify wd:/gm) ?? []).length;
    } catch {
      // the fd was closed between readdir and read
    }
  }
  return count;
}
