/** Value types holding one scalar: switches, integers, choices, texts, durations, signals. */
import { constants } from 'node:os';
import { DurationError, formatDuration, parseDuration, type DurationBounds } from '../watch/duration.js';
import { SettingProblem, expected } from './problem.js';
import type { ValueType } from './value-type.js';

const identity = <T>(value: T): T => value;

export function boolean(): ValueType<boolean, boolean> {
  return {
    flag: 'switch', placeholder: '', expects: 'true or false', schema: { type: 'boolean' },
    fromFlag: (input) => input === true,
    check(data) {
      if (typeof data !== 'boolean') throw expected('true or false', data);
      return data;
    },
    parse: identity, show: identity,
  };
}

/**
 * A switch whose absence means something of its own: the launcher gets true or false when a flag
 * (`--x`, `--no-x`) or the file said so, and 'auto' when neither did, so an explicit false can
 * override what systemfd would otherwise decide by itself. The file holds true or false.
 */
export type Tristate = boolean | 'auto';

export function tristate(): ValueType<boolean, Tristate> {
  return {
    ...boolean(),
    // 'auto' is not a value the file can hold: the schema gets no default for it.
    show: (value) => (value === 'auto' ? undefined : value),
  };
}

export function integer(minimum: number, maximum: number, placeholder = 'N'): ValueType<number, number> {
  const expects = `an integer from ${minimum} to ${maximum}`;
  const inRange = (value: number): boolean => Number.isInteger(value) && value >= minimum && value <= maximum;
  return {
    flag: 'value', placeholder, expects, schema: { type: 'integer', minimum, maximum },
    fromFlag(input) {
      const text = String(input).trim();
      if (!/^[+-]?\d+$/.test(text) || !inRange(Number(text))) throw new SettingProblem(`${String(input)} is not ${expects}`);
      return Number(text);
    },
    check(data) {
      if (typeof data !== 'number' || !inRange(data)) throw expected(expects, data);
      return data;
    },
    parse: identity, show: identity,
  };
}

export function choice<const C extends string>(choices: readonly C[]): ValueType<C, C> {
  const listed = choices.map((c) => JSON.stringify(c)).join(', ');
  const isChoice = (value: unknown): value is C => typeof value === 'string' && (choices as readonly string[]).includes(value);
  return {
    flag: 'value', placeholder: choices.join('|'), expects: `one of ${listed}`, schema: { enum: choices },
    fromFlag(input) {
      if (!isChoice(input)) throw new SettingProblem(`${String(input)} is not one of ${choices.join(', ')}`);
      return input;
    },
    check(data) {
      if (!isChoice(data)) throw expected(`one of ${listed}`, data);
      return data;
    },
    parse: identity, show: identity,
  };
}

/** A string that must not be empty: a path, a command. */
export function text(placeholder: string, what = 'a non-empty string'): ValueType<string, string> {
  return {
    flag: 'value', placeholder, expects: what, schema: { type: 'string', minLength: 1 },
    fromFlag(input) {
      if (typeof input !== 'string' || input.trim() === '') throw new SettingProblem(`expected ${what}, got an empty text`);
      return input;
    },
    check(data) {
      if (typeof data !== 'string') throw expected(what, data);
      if (data === '') throw new SettingProblem(`expected ${what}`);
      return data;
    },
    parse: identity, show: identity,
  };
}

/** The schema's loose check; parseDuration gives the precise message. */
export const DURATION_PATTERN = '^\\s*((\\d+(\\.\\d+)?|\\.\\d+)(ms|s|m|h))+\\s*$';
export const DURATION_EXPECTS = 'a duration with a unit ("1s")';

export function durationMs(text: string, bounds: DurationBounds): number {
  try {
    return parseDuration(text, bounds);
  } catch (error) {
    if (error instanceof DurationError) throw new SettingProblem(error.message);
    throw error;
  }
}

export function duration(bounds: DurationBounds = {}): ValueType<string, number> {
  return {
    flag: 'value', placeholder: 'DURATION', expects: DURATION_EXPECTS, schema: { type: 'string', pattern: DURATION_PATTERN },
    fromFlag: (input) => String(input),
    check(data) {
      if (typeof data !== 'string') throw expected(DURATION_EXPECTS, data);
      return data;
    },
    parse: (raw) => durationMs(raw, bounds),
    show: formatDuration,
  };
}

/** `TERM`, `sigint`, `SIGHUP` → `SIGHUP`; unknown names are rejected. */
export function signalName(text: string): NodeJS.Signals {
  const upper = text.trim().toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  if (!(name in constants.signals)) throw new SettingProblem(`unknown signal '${text}', expected a name such as SIGTERM, SIGINT or SIGHUP`);
  return name as NodeJS.Signals;
}

export function signal(): ValueType<string, NodeJS.Signals> {
  const expects = 'a signal name such as SIGTERM';
  return {
    flag: 'value', placeholder: 'SIGNAL', expects, schema: { type: 'string', pattern: '^([Ss][Ii][Gg])?[A-Za-z0-9]+$' },
    fromFlag: (input) => String(input),
    check(data) {
      if (typeof data !== 'string') throw expected(expects, data);
      return data;
    },
    parse: signalName, show: identity,
  };
}
