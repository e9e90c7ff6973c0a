/**
 * Checks parsed `.systemfdrc` content: first against the schema (ajv), then the values the
 * schema can only describe loosely, with the parsers the flags use, so the messages match:
 * socket specs (sockets/spec.ts, upstream's wording), durations and signal names.
 * Every problem is reported as a JSON pointer plus what was expected (issue 4).
 */
import { constants } from 'node:os';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { parseSocketSpec } from '../sockets/spec.js';
import { parseDuration } from '../watch/duration.js';
import { suggest } from './did-you-mean.js';
import { rcSchema, rcValidator, type SchemaNode } from './rc-schema.js';
import type { Settings } from './settings.js';

/** One thing wrong with the file: where (a JSON pointer, '' for the whole file) and what. */
export class RcProblem extends Error {
  readonly pointer: string;

  constructor(pointer: string, message: string) {
    super(message);
    this.pointer = pointer;
    Object.defineProperty(this, 'name', { value: 'RcProblem', enumerable: false });
  }
}

/** The settings in `data`, or an RcProblem for the first thing wrong in it. */
export function validateRc(data: unknown): Settings {
  const validate = rcValidator();
  if (!validate(data)) throw describeErrors(validate.errors ?? []);
  const settings = { ...(data as Settings & { $schema?: string }) };
  delete settings.$schema;
  checkValues(settings);
  return settings;
}

function checkValues(settings: Settings): void {
  settings.sockets?.forEach((spec, index) => {
    try {
      parseSocketSpec(spec);
    } catch (error) {
      throw new RcProblem(`/sockets/${index}`, (error as Error).message);
    }
  });
  for (const key of ['debounce', 'stopTimeout', 'poll', 'readyTimeout'] as const) {
    const value = settings[key];
    if (typeof value === 'string') checkDuration(`/${key}`, value);
  }
  if (settings.stopSignal !== undefined && !isSignalName(settings.stopSignal)) {
    throw new RcProblem('/stopSignal', `unknown signal '${settings.stopSignal}', expected a name such as SIGTERM, SIGINT or SIGHUP`);
  }
}

function checkDuration(pointer: string, text: string): void {
  try {
    parseDuration(text);
  } catch (error) {
    throw new RcProblem(pointer, (error as Error).message);
  }
}

/** Same normalisation as --stop-signal: case-insensitive, `SIG` optional. */
function isSignalName(text: string): boolean {
  const upper = text.toUpperCase();
  return (upper.startsWith('SIG') ? upper : `SIG${upper}`) in constants.signals;
}

const DURATION_KEYS = new Set(['/debounce', '/stopTimeout', '/poll', '/readyTimeout']);

/**
 * ajv reports every failed branch of an `anyOf` plus the `anyOf` itself. When the value has the
 * type of one branch (an array for `build: [1]`), that branch's own error is the useful one
 * (`/build/0: expected a string`); otherwise the value matches no branch and the message lists
 * them all.
 */
function describeErrors(errors: ErrorObject[]): RcProblem {
  const unknown = errors.find((error) => error.keyword === 'additionalProperties');
  if (unknown) return unknownKey(unknown);
  const anyOf = errors.find((error) => error.keyword === 'anyOf');
  if (anyOf) {
    const prefix = `${anyOf.schemaPath}/`;
    const branches = anyOf.schema as SchemaNode[];
    const matching = branches.findIndex((branch) => branch.type !== undefined && hasType(anyOf.data, branch.type));
    if (matching >= 0) {
      const inner = errors.find((error) => error.schemaPath.startsWith(`${prefix}${matching}/`));
      if (inner) return describeError(inner);
    }
    return new RcProblem(anyOf.instancePath, `expected ${describeSchema(anyOf.parentSchema as SchemaNode)}, got ${describeValue(anyOf.data)}`);
  }
  return describeError(errors[0] as ErrorObject);
}

function unknownKey(error: ErrorObject): RcProblem {
  const key = String((error.params as { additionalProperty: string }).additionalProperty);
  const pointer = `${error.instancePath}/${escapePointer(key)}`;
  const known = Object.keys((error.parentSchema as SchemaNode).properties ?? {});
  const guess = suggest(key, known);
  return new RcProblem(pointer, `unknown key '${key}'${guess ? ` (did you mean '${guess}'?)` : ''}`);
}

function describeError(error: ErrorObject): RcProblem {
  const { instancePath: pointer, data } = error;
  // A key of `env` that fails `propertyNames`: ajv reports the inner keyword at the object.
  if (error.propertyName !== undefined) return new RcProblem(`${pointer}/${escapePointer(error.propertyName)}`, "expected a variable name without '='");
  const parent = error.parentSchema as SchemaNode;
  const got = describeValue(data);
  switch (error.keyword) {
    case 'type':
      if (pointer === '') return new RcProblem('', `expected a JSON object with settings at the top level, got ${got}`);
      return new RcProblem(pointer, `expected ${describeSchema(parent)}, got ${got}`);
    case 'minimum':
    case 'maximum':
      return new RcProblem(pointer, `expected an integer from ${parent.minimum} to ${parent.maximum}, got ${got}`);
    case 'enum':
      return new RcProblem(pointer, `expected one of ${(parent.enum ?? []).map((v) => JSON.stringify(v)).join(', ')}, got ${got}`);
    case 'minLength':
      return new RcProblem(pointer, 'expected a non-empty string');
    case 'minItems':
      return new RcProblem(pointer, 'expected a non-empty array');
    case 'pattern':
      return patternProblem(pointer, data, parent);
    default:
      return new RcProblem(pointer, error.message ?? 'invalid value');
  }
}

function patternProblem(pointer: string, data: unknown, parent: SchemaNode): RcProblem {
  if (DURATION_KEYS.has(pointer)) {
    checkDuration(pointer, String(data)); // throws parseDuration's own advice
    return new RcProblem(pointer, `expected a duration with a unit (e.g. 50ms, 1.5s), got ${describeValue(data)}`);
  }
  if (pointer === '/stopSignal') return new RcProblem(pointer, `expected a signal name such as SIGTERM, got ${describeValue(data)}`);
  if (pointer.startsWith('/sockets/')) {
    try {
      parseSocketSpec(String(data)); // upstream's wording for a spec the loose pattern rejects
    } catch (error) {
      return new RcProblem(pointer, (error as Error).message);
    }
  }
  return new RcProblem(pointer, `expected a string matching ${parent.pattern}, got ${describeValue(data)}`);
}

function hasType(value: unknown, type: string | string[]): boolean {
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => jsonType(value) === t || (t === 'number' && jsonType(value) === 'integer'));
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** "a string", "an array of strings", "true or false", "a string or an array of strings". */
export function describeSchema(node: SchemaNode): string {
  if (node.anyOf) return node.anyOf.map(describeSchema).join(' or ');
  if (node.enum) return `one of ${node.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  switch (type) {
    case 'string':
      if (node.pattern?.includes('(ms|s|m|h)')) return 'a duration with a unit ("1s")';
      return node.minLength ? 'a non-empty string' : 'a string';
    case 'integer': return node.minimum !== undefined && node.maximum !== undefined ? `an integer from ${node.minimum} to ${node.maximum}` : 'an integer';
    case 'number': return 'a number';
    case 'boolean': return 'true or false';
    case 'array': return node.items ? `an array of ${plural(describeSchema(node.items))}` : 'an array';
    case 'object':
      return typeof node.additionalProperties === 'object' ? `an object of ${plural(describeSchema(node.additionalProperties))}` : 'an object';
    default: return 'a valid value';
  }
}

function plural(description: string): string {
  return description.replace(/^an? (non-empty )?(\w+)/, (_, nonEmpty: string | undefined, noun: string) => `${nonEmpty ?? ''}${noun}s`);
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  const type = jsonType(value);
  const article = type === 'array' || type === 'object' || type === 'integer' ? 'an' : 'a';
  if (type === 'null') return 'null';
  return `${article} ${type === 'integer' ? 'number' : type} (${shown})`.replace(/^an number/, 'a number');
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** For tests and `init`: the schema's documented defaults, key by key. */
export function schemaDefaults(): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, node] of Object.entries(rcSchema().properties ?? {})) {
    if (node.default !== undefined) defaults[key] = node.default;
  }
  return defaults;
}
