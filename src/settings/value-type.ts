/**
 * What a setting's value is, in one place for both of its sources: how its flag reads, how the
 * file's JSON is checked, what it means once parsed (with its bounds), and how the schema
 * describes it. Every row of the settings table names one of these.
 */
import type { SchemaNode } from './schema-node.js';

/**
 * How the flag reads on the command line: a switch (`--quiet`, `--no-quiet`), one value
 * (`-b 128`), a repeatable value (`-s a -s b`), or a switch that may carry `=value` or a
 * following value that looks like one (`--poll`, `--poll 1s`).
 */
export type FlagShape = 'switch' | 'value' | 'values' | 'switch-or-value';

export interface ValueType<Raw, Value> {
  readonly flag: FlagShape;
  /** The value's name in help: `SPEC`, `DURATION` ('' for switches). */
  readonly placeholder: string;
  /** What the file should hold, for messages and the schema: `true or false`. */
  readonly expects: string;
  readonly schema: SchemaNode;
  /** The flag's value(s) as clipanion gives them → the file's form. Throws SettingProblem. */
  fromFlag(input: boolean | string | string[]): Raw;
  /** Any JSON from the file → the file's form, or a SettingProblem naming what was expected. */
  check(data: unknown): Raw;
  /** The file's form → what the launcher uses, within bounds. Throws SettingProblem. */
  parse(raw: Raw): Value;
  /** A parsed value in the file's form, for the schema's `default`. */
  show(value: Value): unknown;
}

/** The file's form of a value type. */
export type RawOf<T> = T extends ValueType<infer Raw, unknown> ? Raw : never;
/** The parsed form of a value type. */
export type ValueOf<T> = T extends ValueType<unknown, infer Value> ? Value : never;
