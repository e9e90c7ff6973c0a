/**
 * Finds and reads the project's `.systemfdrc` (from cwd upward, or the file named with
 * --config) and returns its validated Settings. Every failure is a ConfigError (exit 2) on one
 * line naming the file.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { findRcFile } from './find-rc.js';
import type { Settings } from './settings.js';

export interface LoadRcOptions {
  /** Absolute directory the search starts from (and --config is relative to). */
  cwd: string;
  /** `--config FILE`: this file and no search; it must exist. */
  configPath: string | undefined;
  env: NodeJS.ProcessEnv;
}

export interface ProjectSettings {
  /** Absolute path of the file. */
  path: string;
  /** Its settings; `cwd` is always set and absolute (default: the file's directory). */
  settings: Settings;
}

export async function loadProjectSettings({ cwd, configPath }: LoadRcOptions): Promise<ProjectSettings | null> {
  const path = configPath === undefined ? findRcFile(cwd) : resolve(cwd, configPath);
  if (path === null) return null;
  const shown = displayPath(path, cwd);
  let text: string;
  try {
    // Only a regular file is read: reading a FIFO (or a tty, /dev/zero) would wait forever.
    // Synchronous: a small file, read once per start, and node:fs/promises is not loaded for it.
    const info = statSync(path);
    if (!info.isFile() && !info.isDirectory()) throw new ConfigError(`cannot read ${shown}: it is not a regular file (${kindOf(info)})`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && configPath !== undefined) throw new ConfigError(`config file not found: ${shown} (given with --config)`, { cause: error });
    const reason = code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new ConfigError(`cannot read ${shown}: ${reason}`, { cause: error });
  }
  // Imported only when there is a file: most runs have none and skip loading the checks.
  const { parseRc } = await import('./parse-rc.js');
  return { path, settings: parseRc(text, shown, dirname(path)) };
}

function kindOf(info: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a file';
}

/** Relative to cwd when the file is at or below it (`.systemfdrc`), absolute otherwise. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
