/**
 * Which commands cannot adopt an inherited socket, so that proxy mode is used without the flag.
 * Bun's node:http ignores `listen({ fd })` (it binds a random port and still emits `listening`,
 * so the server looks healthy and is unreachable) and `Bun.serve` has no fd option; Deno cannot
 * adopt an fd at all (denoland/deno#14006). Both bind the port themselves, which systemfd holds.
 *
 * Pure: the command's argv and its package.json scripts in, a finding out. It sees a direct
 * `bun`/`deno`/`bunx`, the same behind `env VAR=x`, `npx`/`pnpm exec`/`yarn dlx`, and npm, pnpm,
 * yarn or bun script runners whose script (or a step of it joined by `&&`, `;`, `|`) starts one.
 * Anything else (a shell script, a Makefile) is not looked into: `--proxy` says it explicitly.
 */

export type NonAdoptingRuntime = 'bun' | 'deno';

export interface RuntimeFinding {
  runtime: NonAdoptingRuntime;
  /** How it was found, for the log line: `npm run dev` for a script, null for a direct command. */
  via: string | null;
}

const RUNTIMES: Record<string, NonAdoptingRuntime> = { bun: 'bun', bunx: 'bun', deno: 'deno' };
/** Runners that take a package's binary as their first non-option argument. */
const EXEC_RUNNERS: Record<string, readonly string[] | null> = { npx: null, pnpx: null, pnpm: ['exec', 'dlx'], yarn: ['exec', 'dlx'] };
const SCRIPT_RUNNERS = new Set(['npm', 'pnpm', 'yarn']);
/** npm's own commands that run the script of the same name. */
const NPM_LIFECYCLE = new Set(['start', 'test', 'stop', 'restart']);
const MAX_DEPTH = 4;

export function detectRuntime(argv: readonly string[], scripts: Readonly<Record<string, string>> = {}): RuntimeFinding | null {
  return detect(argv, scripts, 0, null);
}

function detect(argv: readonly string[], scripts: Readonly<Record<string, string>>, depth: number, via: string | null): RuntimeFinding | null {
  if (depth > MAX_DEPTH) return null;
  const words = withoutEnvPrefix(argv);
  const program = programName(words[0]);
  if (program === null) return null;
  const rest = words.slice(1);
  const runtime = RUNTIMES[program];
  if (runtime !== undefined) {
    // `bun run dev` runs a package.json script through a shell, where `node` is still Node:
    // what the script starts is what serves.
    const script = program === 'bun' && rest[0] === 'run' ? scripts[rest[1] ?? ''] : undefined;
    if (script !== undefined) return detectScript(script, scripts, depth, via ?? `bun run ${rest[1]}`);
    return { runtime, via };
  }
  const subcommands = EXEC_RUNNERS[program];
  if (subcommands !== undefined) {
    const args = subcommands === null ? rest : subcommands.includes(rest[0] ?? '') ? rest.slice(1) : null;
    if (args !== null) {
      const start = args.findIndex((word) => !word.startsWith('-'));
      if (start >= 0) return detect(args.slice(start), scripts, depth + 1, via ?? words.slice(0, 2).join(' '));
      return null;
    }
  }
  if (SCRIPT_RUNNERS.has(program)) {
    const name = scriptName(program, rest);
    const script = name === null ? undefined : scripts[name];
    if (script !== undefined) return detectScript(script, scripts, depth, via ?? `${program} ${rest.join(' ')}`.trim());
  }
  return null;
}

function detectScript(script: string, scripts: Readonly<Record<string, string>>, depth: number, via: string): RuntimeFinding | null {
  for (const step of script.split(/&&|\|\||[;|]/)) {
    const found = detect(step.trim().split(/\s+/).filter(Boolean), scripts, depth + 1, via);
    if (found) return found;
  }
  return null;
}

/** The script an npm/pnpm/yarn invocation runs, or null when it is another subcommand. */
function scriptName(program: string, rest: readonly string[]): string | null {
  const args = rest.filter((word) => !word.startsWith('-'));
  const [first, second] = args;
  if (first === undefined) return null;
  if (first === 'run' || first === 'run-script') return second ?? null;
  if (NPM_LIFECYCLE.has(first)) return first;
  // pnpm and yarn run a script given as the subcommand itself (`pnpm dev`, `yarn dev`).
  return program === 'npm' ? null : first;
}

function withoutEnvPrefix(argv: readonly string[]): readonly string[] {
  let words = argv;
  if (programName(words[0]) === 'env') words = words.slice(1);
  const first = words.findIndex((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
  return first < 0 ? [] : words.slice(first);
}

/** `/usr/local/bin/bun`, `bun.exe`, `node_modules/.bin/deno.cmd` → `bun` / `deno`. */
function programName(word: string | undefined): string | null {
  if (word === undefined || word === '') return null;
  const base = word.split(/[\\/]/).pop() ?? word;
  return base.replace(/\.(exe|cmd|bat|ps1)$/i, '').toLowerCase();
}
