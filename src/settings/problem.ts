/** A value that a setting does not accept, and where inside the value the fault is. */
export class SettingProblem extends Error {
  /** JSON pointer below the setting's own key ('' for the value itself, '/1' for an item). */
  readonly at: string;
  /** The message names the value itself (socket specs, in upstream's wording): no flag prefix. */
  readonly standalone: boolean;

  constructor(message: string, at = '', standalone = false) {
    super(message);
    this.at = at;
    this.standalone = standalone;
    Object.defineProperty(this, 'name', { value: 'SettingProblem', enumerable: false });
  }
}

/** JSON pointer segment for a key (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** `a string ("yes")`, `a number (5)`, `an array ([1])`: what the file had, shortened. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  const type = jsonType(value);
  const noun = type === 'integer' ? 'number' : type;
  const article = noun === 'array' || noun === 'object' ? 'an' : 'a';
  return `${article} ${noun} (${shorten(value)})`;
}

/** At most 40 characters of the JSON text, without walking more of the value than that needs. */
function shorten(value: unknown): string {
  let text: string;
  if (Array.isArray(value)) text = value.length === 0 ? '[]' : `[${value.slice(0, 3).map((item) => (typeof item === 'object' && item !== null ? (Array.isArray(item) ? '[...]' : '{...}') : JSON.stringify(item))).join(',')}${value.length > 3 ? ',...' : ''}]`;
  else if (typeof value === 'object' && value !== null) text = Object.keys(value).length === 0 ? '{}' : `{${Object.keys(value).slice(0, 2).map((key) => JSON.stringify(key)).join(',')}:...}`;
  else text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The `expected X, got Y` problem every type check reports. */
export function expected(what: string, got: unknown, at = ''): SettingProblem {
  return new SettingProblem(`expected ${what}, got ${describeValue(got)}`, at);
}
