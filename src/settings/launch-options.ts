/**
 * Merged Settings (flags over `.systemfdrc`) + the table's defaults → the launch options, by
 * each row's target path. Pure. Values were checked where they came from (the flag or the
 * file), so a failure here names the flag, the only place the message still helps.
 */
import { SettingProblem } from './problem.js';
import type { Mode, SettingRow } from './row.js';
import { rows, type OnceOptionsTree, type Settings, type WatchOptionsTree } from './table.js';

function assign(tree: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = tree;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1] as string] = value;
}

/** The value at a row's target path in a launch options tree; undefined where the path ends. */
export function readTarget(tree: object, path: string): unknown {
  let node: unknown = tree;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Put `value` at a row's target path, making the objects on the way. */
export function writeTarget(tree: object, path: string, value: unknown): void {
  assign(tree as Record<string, unknown>, path, value);
}

/** The row's value from the settings, parsed, or its default. */
export function resolveValue(row: SettingRow, raw: unknown): unknown {
  return raw === undefined ? structuredCloneDefault(row.default) : row.type.parse(raw);
}

function structuredCloneDefault(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

function build(settings: Settings, mode: Mode): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  for (const [key, row] of rows()) {
    if (row.target === null || !row.modes.includes(mode)) continue;
    assign(tree, row.target, resolveValue(row, (settings as Record<string, unknown>)[key]));
  }
  return tree;
}

const MISSING_COMMAND = 'missing command: give it after `--`, e.g. `systemfd -s http::3000 -- node server.js`, or as "command" in .systemfdrc';

/** `--` wins over the file's command; neither is a usage error. */
function withCommand(tree: Record<string, unknown>, commandArgv: string[] | null, cwd: string): void {
  const command = tree['command'] as { argv?: string[]; cwd?: string };
  if (commandArgv !== null && commandArgv.length > 0) command.argv = [...commandArgv];
  if (command.argv === undefined || command.argv.length === 0) throw new SettingProblem(MISSING_COMMAND, '', true);
  command.cwd = cwd;
}

export function toOnceOptions(settings: Settings, commandArgv: string[] | null, cwd: string): OnceOptionsTree {
  const tree = build(settings, 'once');
  withCommand(tree, commandArgv, cwd);
  return tree as OnceOptionsTree;
}

export function toWatchOptions(settings: Settings, commandArgv: string[] | null, cwd: string): WatchOptionsTree {
  const tree = build(settings, 'watch');
  withCommand(tree, commandArgv, cwd);
  assign(tree, 'watchMode.watch.cwd', cwd);
  return tree as WatchOptionsTree;
}

/** Every default, resolved: what a run with no flags and no file gets. */
export function defaultTree(mode: Mode): Record<string, unknown> {
  return build({}, mode);
}
