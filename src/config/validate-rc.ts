/**
 * Checks parsed `.systemfdrc` content straight from the settings table: each key's value type
 * checks the JSON (`expected an array of strings, got ...`) and then parses it with the same
 * parser the flag uses, so the messages match the flags' (socket specs in upstream's wording,
 * durations with their bounds, signal names). Every problem is a JSON pointer plus what was
 * expected; an unknown key gets the nearest known one as a suggestion.
 */
import { SettingProblem, describeValue, pointerSegment } from '../settings/problem.js';
import { SETTINGS, fileKeys, type Settings } from '../settings/table.js';
import type { SettingRow } from '../settings/row.js';
import { suggest } from './did-you-mean.js';

/** One thing wrong with the file: where (a JSON pointer, '' for the whole file) and what. */
export class RcProblem extends Error {
  readonly pointer: string;

  constructor(pointer: string, message: string) {
    super(message);
    this.pointer = pointer;
    Object.defineProperty(this, 'name', { value: 'RcProblem', enumerable: false });
  }
}

function rowFor(key: string): SettingRow | undefined {
  if (!Object.hasOwn(SETTINGS, key)) return undefined;
  const row = (SETTINGS as Record<string, SettingRow>)[key];
  return row?.inFile ? row : undefined;
}

/** The settings in `data`, or an RcProblem for the first thing wrong in it. */
export function validateRc(data: unknown): Settings {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new RcProblem('', `expected a JSON object with settings at the top level, got ${describeValue(data)}`);
  }
  const entries = Object.entries(data);
  for (const [key] of entries) {
    if (key !== '$schema' && rowFor(key) === undefined) {
      const guess = suggest(key, fileKeys());
      throw new RcProblem(pointerSegment(key), `unknown key '${key}'${guess ? ` (did you mean '${guess}'?)` : ''}`);
    }
  }
  const settings: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (key === '$schema') {
      if (typeof value !== 'string') throw new RcProblem('/$schema', `expected a string, got ${describeValue(value)}`);
      continue;
    }
    const row = rowFor(key) as SettingRow;
    try {
      const raw: unknown = row.type.check(value);
      row.type.parse(raw);
      settings[key] = raw;
    } catch (error) {
      if (error instanceof SettingProblem) throw new RcProblem(pointerSegment(key) + error.at, error.message);
      throw error;
    }
  }
  return settings as Settings;
}
