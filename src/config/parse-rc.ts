/**
 * The text of a `.systemfdrc` → Settings: JSON with positions, then each key's check from the
 * settings table. Every failure is one ConfigError line: `<file>: <JSON pointer>: <what was
 * expected>`.
 */
import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { JsonSyntaxError, lineAndColumn, parseJson } from './json-syntax.js';
import { MAX_NESTING, tooDeepAt } from './nesting.js';
import type { Settings } from './settings.js';
import { RcProblem, validateRc } from './validate-rc.js';

/** Parse and validate the text of a file that lives in `dir`; `shown` names it in errors. */
export function parseRc(text: string, shown: string, dir: string): Settings {
  const deep = tooDeepAt(text);
  if (deep >= 0) {
    const { line, column } = lineAndColumn(text, deep);
    throw new ConfigError(`${shown}: nested more than ${MAX_NESTING} levels deep at line ${line} column ${column} (settings need three at most)`);
  }
  let data: unknown;
  try {
    data = parseJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new ConfigError(`${shown}: ${error.message}`, { cause: error });
    throw error;
  }
  let settings: Settings;
  try {
    settings = validateRc(data);
  } catch (error) {
    if (error instanceof RcProblem) {
      throw new ConfigError(error.pointer === '' ? `${shown}: ${error.message}` : `${shown}: ${error.pointer}: ${error.message}`, { cause: error });
    }
    throw error;
  }
  // Relative paths in the file are relative to it: `cwd` (default: the file's directory) is
  // made absolute here and the run is based there.
  return { ...settings, cwd: resolve(dir, settings.cwd ?? '.') };
}
