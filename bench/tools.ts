/**
 * How each tool under comparison is started around the same server file, in the same clean
 * environment. systemfd holds the port and hands fd 3 to the server; nodemon and `node --watch`
 * run the server, which binds the port itself.
 */
import type { SpawnOptions } from 'node:child_process';
import { cliPath, nodemonPath } from './paths.js';
import { startProc, type Proc } from './process.js';

export const TOOL_NAMES = ['systemfd', 'nodemon', 'node-watch'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export const TOOL_LABELS: Record<ToolName | 'cold-start', string> = {
  systemfd: 'systemfd watch',
  nodemon: 'nodemon',
  'node-watch': 'node --watch',
  'cold-start': 'node server.js (cold start)',
};

export interface ToolRun {
  proc: Proc;
  /** A line the tool prints once its watcher is ready, when it has one. */
  readyLine: RegExp | null;
  /** A line the tool prints per restart. */
  restartLine: RegExp;
}

export interface StartToolOptions {
  tool: ToolName;
  cwd: string;
  port: number;
  /** The command: a script and its arguments, run with `node`. */
  script: string;
  scriptArgs: string[];
  env: NodeJS.ProcessEnv;
  /** systemfd's -d; the others have no equivalent (nodemon's --delay defaults to 0). */
  debounceMs: number;
}

export function startTool({ tool, cwd, port, script, scriptArgs, env, debounceMs }: StartToolOptions): ToolRun {
  const spawnOptions: SpawnOptions = { cwd, env: { ...env, PORT: String(port) } };
  switch (tool) {
    case 'systemfd':
      return {
        // -v prints `~> watching ...` when the watcher is ready (run-watch.ts).
        proc: startProc(process.execPath, [cliPath, 'watch', '-v', '-s', `http::${port}`, '-d', `${debounceMs}ms`, '--', process.execPath, script, ...scriptArgs], spawnOptions),
        readyLine: /~> watching /,
        restartLine: /~> (?:re)?start \((?!first run\))/,
      };
    case 'nodemon':
      // --signal SIGTERM: nodemon's default is SIGUSR2; the server drains on either, SIGTERM
      // keeps the three tools identical. -V prints `watching N files` once chokidar is ready.
      return {
        proc: startProc(process.execPath, [nodemonPath, '-V', '--signal', 'SIGTERM', '--ext', 'mjs,js,json,ts', script, ...scriptArgs], spawnOptions),
        readyLine: /watching \d+ files?/,
        restartLine: /restarting due to changes/,
      };
    case 'node-watch':
      return {
        proc: startProc(process.execPath, ['--watch', '--watch-preserve-output', script, ...scriptArgs], spawnOptions),
        readyLine: null,
        restartLine: /Restarting '/,
      };
  }
}
