/**
 * The flags of both commands as the settings table declares them, and the flags given, read
 * back as Settings. A flag's value is checked here, with the parser the file uses, so a
 * bad value is a usage error naming the flag as typed (`-d: -5 is not a duration ...`).
 */
import { UsageError } from '../errors.js';
import { SettingProblem } from '../settings/problem.js';
import type { Mode, SettingRow } from '../settings/row.js';
import { rows, type SettingKey, type Settings } from '../settings/table.js';

/** Rows with a flag on the command of `mode`. */
export function flagRows(mode: Mode): Array<[SettingKey, SettingRow]> {
  return rows().filter(([, row]) => row.flags.length > 0 && row.modes.includes(mode));
}

const byName = new Map<Mode, ReadonlyMap<string, [SettingKey, SettingRow]>>();

/** The rows of `mode` under every spelling of their flags (`-d` and `--debounce`). */
export function flagsByName(mode: Mode): ReadonlyMap<string, [SettingKey, SettingRow]> {
  let index = byName.get(mode);
  if (!index) {
    index = new Map(flagRows(mode).flatMap((entry) => entry[1].flags.map((name) => [name, entry] as const)));
    byName.set(mode, index);
  }
  return index;
}

/** A switch, with or without a value (`--poll`, `--poll=1s`): it has a `--no-` form too. */
export function isSwitch(row: SettingRow): boolean {
  return row.type.flag === 'switch' || row.type.flag === 'switch-or-value';
}

/** `--debounce` over `-d`: the name messages and examples use. */
export function longName(row: SettingRow): string {
  return row.flags.findLast((name) => name.startsWith('--')) ?? (row.flags[0] as string);
}

function shownDefault(row: SettingRow): string | null {
  if (row.defaultText !== undefined) return row.defaultText;
  if (row.default === undefined) return null;
  const shown = row.type.show(row.default);
  if (typeof shown === 'boolean') return shown ? 'on' : null;
  if (Array.isArray(shown)) return shown.length > 0 ? shown.join(' ') : null;
  if (typeof shown === 'object' && shown !== null) return null;
  return String(shown);
}

/** The row's description, with its default where there is one worth saying. */
export function helpDescription(row: SettingRow): string {
  const shown = shownDefault(row);
  return shown === null ? row.description : `${row.description} Default: ${shown}.`;
}

/** The spelling of the row's flag the user typed last (`-d`, `--no-stdin`), for messages. */
export function typedName(row: SettingRow, argv: readonly string[]): string {
  let typed = longName(row);
  for (const token of argv) {
    const name = token.startsWith('--') ? (token.split('=')[0] as string) : token;
    if (row.flags.includes(name)) typed = name;
    else if (name.startsWith('--no-') && row.flags.includes(`--${name.slice(5)}`)) typed = name;
  }
  return typed;
}

/** A flag's problem as the usage error the user sees. */
export function flagError(flag: string, error: unknown): unknown {
  if (!(error instanceof SettingProblem)) return error;
  return new UsageError(error.standalone ? error.message : `${flag}: ${error.message}`);
}

/**
 * The flags given, checked, in the file's form (absent flags stay absent). `given` holds each
 * row's raw flag input under the row's key: a command clipanion parsed, or readFlags' answer.
 */
export function flagSettings(given: object, mode: Mode, argv: readonly string[]): Settings {
  const settings: Record<string, unknown> = {};
  for (const [key, row] of flagRows(mode)) {
    const input = (given as Record<string, unknown>)[key] as boolean | string | string[] | undefined;
    if (input === undefined) continue;
    try {
      const raw: unknown = row.type.fromFlag(input);
      row.type.parse(raw);
      if (row.inFile) settings[key] = raw;
    } catch (error) {
      throw flagError(typedName(row, argv), error);
    }
  }
  return settings as Settings;
}
