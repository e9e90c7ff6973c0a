/**
 * The settings table: every setting of systemfd, one row each (rows-run.ts, rows-watch.ts).
 * Derived from it: the flags of both commands (cli/table-options.ts), the `.systemfdrc` check
 * (config/check-rc.ts), `.systemfdrc.schema.json` (schema.ts, written at build), the types
 * below, and the mapping onto the launch options (launch-options.ts).
 *
 * Adding a setting: one row here, plus the code that acts on its launch option.
 */
import type { Mode, SettingRow } from './row.js';
import { RUN_SETTINGS } from './rows-run.js';
import type { RawOf, ValueOf } from './value-type.js';
import { WATCH_SETTINGS } from './rows-watch.js';

export const SETTINGS = { ...RUN_SETTINGS, ...WATCH_SETTINGS };

type Table = typeof SETTINGS;
export type SettingKey = keyof Table;

/** Keys the file may hold (all but command-line-only flags such as --config). */
export type FileKey = { [K in SettingKey]: Table[K]['inFile'] extends false ? never : K }[SettingKey];

/**
 * Settings in the file's form, as `.systemfdrc` holds them and the flags are turned into; every
 * key optional. Precedence is flags > file > defaults.
 */
export type Settings = { [K in FileKey]?: RawOf<Table[K]['type']> };

/** Rows that land in the launch options, and the modes they are used in. */
type Targeted = { [K in SettingKey]: Table[K]['target'] extends string ? K : never }[SettingKey];
type UsedIn<M extends Mode> = { [K in Targeted]: M extends Table[K]['modes'][number] ? K : never }[Targeted];

type Leaf<Path extends string, V> = Path extends `${infer Head}.${infer Rest}` ? { [_ in Head]: Leaf<Rest, V> } : { [_ in Path]: V };
type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Expand<T> = T extends (...args: never[]) => unknown ? T : T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]: Expand<T[K]> } : T;
type TreeOf<Keys extends Targeted> = Intersect<{ [K in Keys]: Leaf<Table[K]['target'] & string, ValueOf<Table[K]['type']>> }[Keys]>;

/** What the one-shot launcher gets, fully resolved. */
export type OnceOptionsTree = Expand<TreeOf<UsedIn<'once'>>>;
/** What watch mode gets: the one-shot options and `watchMode`. The watcher's base dir is the run's. */
export type WatchOptionsTree = Expand<TreeOf<UsedIn<'watch'>> & { watchMode: { watch: { cwd: string } } }>;

export function rows(): Array<[SettingKey, SettingRow]> {
  return Object.entries(SETTINGS) as Array<[SettingKey, SettingRow]>;
}

export function fileKeys(): FileKey[] {
  return rows().filter(([, row]) => row.inFile).map(([key]) => key as FileKey);
}

/**
 * The rows a running watch session keeps as it started (`reload: 'session'`), each with its
 * target path; every other row is live and a `.systemfdrc` reload applies it.
 */
export function sessionRows(list: Array<[string, SettingRow]> = rows()): Array<[string, string]> {
  return list.flatMap(([key, row]) => (row.reload === 'session' && row.target !== null ? [[key, row.target] as [string, string]] : []));
}
