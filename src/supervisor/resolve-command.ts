/**
 * Find the program before spawning it, so "command not found" is one clear error naming the
 * command (and not a shell's `exec: foo: not found` from the LISTEN_PID trampoline).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { SpawnError } from '../errors.js';

function isExecutableFile(path: string, windows: boolean): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (!windows) accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns the path that will be executed. Throws SpawnError (exit 127, like a shell) when the
 * program does not exist or is not executable.
 */
export function resolveCommand(program: string, { cwd, env, windows }: { cwd: string; env: NodeJS.ProcessEnv; windows: boolean }): string {
  const extensions = windows ? ['', ...(env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : [''];
  const hasSeparator = program.includes('/') || (windows && program.includes('\\'));
  if (hasSeparator || isAbsolute(program)) {
    const full = resolve(cwd, program);
    for (const ext of extensions) if (isExecutableFile(full + ext, windows)) return full + ext;
    throw new SpawnError(`failed to start '${program}': ${whyNotExecutable(full)}`);
  }
  const pathVar = env.PATH ?? env.Path ?? '';
  for (const dir of pathVar.split(windows ? ';' : delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) {
      const candidate = join(resolve(cwd, dir), program + ext);
      if (isExecutableFile(candidate, windows)) return candidate;
    }
  }
  throw new SpawnError(`command not found: '${program}' is not in PATH (ENOENT)`);
}

/** The reason a named program cannot run, with the errno a shell would report. */
function whyNotExecutable(path: string): string {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 'no such file (ENOENT)';
  }
  if (stats.isDirectory()) return 'it is a directory (EISDIR)';
  return 'permission denied (not executable) (EACCES)';
}

/**
 * The working directory must exist when the command starts: spawn() reports a missing one as
 * ENOENT, which reads as if the program were missing. It goes away when a project folder is
 * deleted (or checked out anew) while systemfd runs in it.
 */
export function checkWorkingDirectory(program: string, cwd: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(cwd).isDirectory();
  } catch {
    throw new SpawnError(`failed to start '${program}': its working directory ${cwd} no longer exists`);
  }
  if (!isDirectory) throw new SpawnError(`failed to start '${program}': its working directory ${cwd} is not a directory`);
}
