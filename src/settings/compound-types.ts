/** Value types holding several values: lists, the command, the env map, poll's switch-or-interval. */
import { SettingProblem, expected, pointerSegment } from './problem.js';
import { DURATION_EXPECTS, DURATION_PATTERN, durationMs } from './scalar-types.js';
import { splitCommandLine } from './split-command-line.js';
import type { ValueType } from './value-type.js';

const NON_EMPTY_STRINGS = 'an array of non-empty strings';

/** Each item of a list through `parseItem`, its index in the problem. */
function mapItems<T>(items: readonly string[], parseItem: (item: string) => T): T[] {
  return items.map((item, index) => {
    try {
      return parseItem(item);
    } catch (error) {
      if (error instanceof SettingProblem) throw new SettingProblem(error.message, pointerSegment(index) + error.at, error.standalone);
      // A domain parser's own error (a socket spec's) reads on its own.
      if (error instanceof Error && 'exitCode' in error) throw new SettingProblem(error.message, pointerSegment(index), true);
      throw error;
    }
  });
}

function checkStrings(data: unknown, what = NON_EMPTY_STRINGS): string[] {
  if (!Array.isArray(data)) throw expected(what, data);
  data.forEach((item, index) => {
    if (typeof item !== 'string') throw expected('a non-empty string', item, pointerSegment(index));
    if (item === '') throw new SettingProblem('expected a non-empty string', pointerSegment(index));
  });
  return data as string[];
}

function flagStrings(input: boolean | string | string[], noun: string): string[] {
  const values = Array.isArray(input) ? input : [String(input)];
  if (values.some((value) => value.trim() === '')) throw new SettingProblem(`expected ${noun}, got an empty text`);
  return values;
}

/**
 * A glob of paths inside the watched tree. `/`, `./` and the like name the tree itself, which a
 * glob matched against paths relative to it cannot mean (and picomatch refuses).
 */
export function globItem(item: string): string {
  const body = item.trim().replace(/\\/g, '/').replace(/^\.?\/+/, '').replace(/\/+$/, '');
  if (body === '') throw new SettingProblem(`${JSON.stringify(item)} is the watched directory itself, not a glob of paths in it (to match every path: "**")`);
  return item;
}

/**
 * A repeatable flag / an array of non-empty strings, each parsed by `parseItem`. `nonEmpty`: an
 * empty array is refused (watching no path at all is a mistake, not a choice).
 */
export function list<T = string>(placeholder: string, noun: string, parseItem?: (item: string) => T, { nonEmpty = false } = {}): ValueType<string[], T[]> {
  return {
    flag: 'values', placeholder, expects: NON_EMPTY_STRINGS,
    schema: { type: 'array', items: { type: 'string', minLength: 1 }, ...(nonEmpty ? { minItems: 1 } : {}) },
    fromFlag: (input) => flagStrings(input, noun),
    check(data) {
      const strings = checkStrings(data);
      if (nonEmpty && strings.length === 0) throw new SettingProblem('expected a non-empty array');
      return strings;
    },
    parse: (raw) => (parseItem ? mapItems(raw, parseItem) : ([...raw] as T[])),
    show: (value) => value,
  };
}

/** `-e ts,json -e .mjs` → ['ts', 'json', 'mjs']. */
export function splitExtensions(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(',')).map((ext) => ext.trim().replace(/^\./, '')).filter(Boolean);
}

export function extensions(): ValueType<string[], string[]> {
  return { ...list('EXT[,EXT...]', 'an extension'), parse: splitExtensions };
}

/** `-E KEY=VALUE` (repeatable) / `{"KEY": "VALUE"}`. */
export function envMap(): ValueType<Record<string, string>, Record<string, string>> {
  return {
    flag: 'values', placeholder: 'KEY=VALUE', expects: 'an object of strings',
    schema: { type: 'object', propertyNames: { pattern: '^[^=]+$' }, additionalProperties: { type: 'string' } },
    fromFlag(input) {
      const env: Record<string, string> = {};
      for (const assignment of Array.isArray(input) ? input : [String(input)]) {
        const eq = assignment.indexOf('=');
        if (eq <= 0) throw new SettingProblem(`expected KEY=VALUE, got '${assignment}'`);
        env[assignment.slice(0, eq)] = assignment.slice(eq + 1);
      }
      return env;
    },
    check(data) {
      if (typeof data !== 'object' || data === null || Array.isArray(data)) throw expected('an object of strings', data);
      for (const [key, value] of Object.entries(data)) {
        if (key === '' || key.includes('=')) throw new SettingProblem("expected a variable name without '='", pointerSegment(key));
        if (typeof value !== 'string') throw expected('a string', value, pointerSegment(key));
      }
      return data as Record<string, string>;
    },
    parse: (raw) => ({ ...raw }),
    show: (value) => value,
  };
}

/** A string or a list of strings; each of the two has its own message. */
function checkStringOrList(data: unknown, expects: string, itemsMayBeEmpty: boolean): string | string[] {
  if (typeof data === 'string') {
    if (data === '') throw new SettingProblem('expected a non-empty string');
    return data;
  }
  if (!Array.isArray(data)) throw expected(expects, data);
  if (itemsMayBeEmpty) {
    if (data.length === 0) throw new SettingProblem('expected a non-empty array');
    data.forEach((item, index) => {
      if (typeof item !== 'string') throw expected('a string', item, pointerSegment(index));
    });
    return data as string[];
  }
  return checkStrings(data);
}

/** The command: an argv array, or a string split into words like a shell would (no shell run). */
export function commandLine(): ValueType<string | string[], string[]> {
  const expects = 'a non-empty string or an array of strings';
  return {
    flag: 'values', placeholder: 'COMMAND', expects,
    schema: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string' }, minItems: 1 }] },
    fromFlag: (input) => (Array.isArray(input) ? input : String(input)),
    check: (data) => checkStringOrList(data, expects, true),
    parse: (raw) => (typeof raw === 'string' ? splitCommandLine(raw) : [...raw]),
    show: (value) => value,
  };
}

/** Shell commands run in order: one string or a list. */
export function shellCommands(): ValueType<string | string[], string[]> {
  const expects = 'a non-empty string or an array of non-empty strings';
  return {
    ...list('SHELL-COMMAND', 'a shell command'),
    expects,
    schema: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string', minLength: 1 } }] },
    check: (data) => checkStringOrList(data, expects, false),
    parse: (raw) => (typeof raw === 'string' ? [raw] : [...raw]),
  };
}

/** Off, on at `onMs`, or on at a given interval: `--poll`, `--poll=1s`, `"poll": "1s"`. */
export function switchOrDuration(onMs: number, minMs: number): ValueType<boolean | string, false | number> {
  const expects = `true or false or ${DURATION_EXPECTS}`;
  return {
    flag: 'switch-or-value', placeholder: 'DURATION', expects,
    schema: { anyOf: [{ type: 'boolean' }, { type: 'string', pattern: DURATION_PATTERN }] },
    fromFlag: (input) => (typeof input === 'boolean' ? input : String(input)),
    check(data) {
      if (typeof data !== 'boolean' && typeof data !== 'string') throw expected(expects, data);
      return data;
    },
    parse: (raw) => (raw === false ? false : raw === true ? onMs : durationMs(raw, { minMs })),
    show: (value) => value !== false,
  };
}
