/**
 * The shape of one row of the settings table. A row is all there is to declare about a setting;
 * the flags, the file's validation, the schema, the types and the defaults are derived from it.
 */
import type { ValueOf, ValueType } from './value-type.js';

/** one-shot (`systemfd -- CMD`) and watch mode (`systemfd watch -- CMD`). */
export type Mode = 'once' | 'watch';

export type AnyValueType = ValueType<any, any>;

export interface SettingRow<T extends AnyValueType = AnyValueType, Target extends string | null = string | null, Modes extends readonly Mode[] = readonly Mode[], InFile extends boolean = boolean> {
  readonly type: T;
  /**
   * Where the parsed value lands in the launch options, as a dotted path (`watchMode.debounceMs`);
   * null for a setting the CLI itself consumes (`--config`).
   */
  readonly target: Target;
  /** The value when neither a flag nor the file gives one; undefined: none (the command). */
  readonly default: ValueOf<T> | undefined;
  /** The flag's spellings, long name last (`-d`, `--debounce`); empty: only the file sets it. */
  readonly flags: readonly string[];
  /** The `.systemfdrc` key (the row's own key) exists; false for flags only the command line has. */
  readonly inFile: InFile;
  /** The modes that use the setting; its flag belongs to those modes' commands. */
  readonly modes: Modes;
  /** One text for `--help` and the schema, without the default (appended from `default`). */
  readonly description: string;
  /** How the default reads when it is not a plain value ("the system maximum"). */
  readonly defaultText?: string;
  /**
   * When a changed value takes effect in a running `systemfd watch`: 'live' (the default) at the
   * next use after a `.systemfdrc` reload; 'session' for settings bound to the session itself
   * (its directory, its stdin, its own output, the sockets it keeps open), which a reload keeps
   * and reports as needing a restart of systemfd.
   */
  readonly reload?: 'live' | 'session';
  /** Declared for a feature still being built: parsed and carried, not yet acted on. */
  readonly coming?: boolean;
}

export function setting<const T extends AnyValueType, const Target extends string | null, const Modes extends readonly Mode[], const InFile extends boolean = true>(
  row: Omit<SettingRow<T, Target, Modes, InFile>, 'inFile' | 'flags'> & { flags?: readonly string[]; inFile?: InFile },
): SettingRow<T, Target, Modes, InFile> {
  return { ...row, flags: row.flags ?? [], inFile: (row.inFile ?? true) as InFile };
}

export const BOTH = ['once', 'watch'] as const;
export const WATCH = ['watch'] as const;
