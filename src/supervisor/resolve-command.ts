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
    throw new SpawnError(`failed to start '${program}': ${existsButNotExecutable(full) ? 'permission denied (not executable)' : 'no such file'} (${existsButNotExecutable(full) ? 'EACCES' : 'ENOENT'})`);
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

function existsButNotExecutable(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
