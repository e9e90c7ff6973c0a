/**
 * JSON parsing with a position on failure. `JSON.parse` stays the parser; only when it fails
 * does a small scanner walk the text to find where, because V8's messages give a character
 * offset for some mistakes and none at all for others ("Unexpected token '}', ... is not valid
 * JSON"), and a user fixing the file needs the line and column.
 */

export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(reason: string, line: number, column: number) {
    super(`invalid JSON at line ${line} column ${column}: ${reason}`);
    this.line = line;
    this.column = column;
    Object.defineProperty(this, 'name', { value: 'JsonSyntaxError', enumerable: false });
  }
}

/** Parse `text` (a leading BOM is ignored); throws JsonSyntaxError with a 1-based line/column. */
export function parseJson(text: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const { offset, reason } = locateJsonError(body) ?? { offset: body.length, reason: (error as Error).message };
    const { line, column } = lineAndColumn(body, offset);
    throw new JsonSyntaxError(reason, line, column);
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

class Stop {
  constructor(readonly offset: number, readonly reason: string) {}
}

/** The offset and a reason for the first syntax error in `text`, or null if it is valid JSON. */
export function locateJsonError(text: string): { offset: number; reason: string } | null {
  let i = 0;
  const describe = (at: number): string => {
    if (at >= text.length) return 'unexpected end of file';
    const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(at))?.[0]; // a bare word: tru, yes, undefined
    return `unexpected ${word ? `'${word}'` : JSON.stringify(text[at])}`;
  };
  const fail = (expected: string): never => {
    throw new Stop(i, `${describe(i)}, expected ${expected}`);
  };
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i) && !/[\w$]/.test(text[i + word.length] ?? '')) i += word.length;
    else fail('a value');
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('a closing \'"\'');
      const c = text.charCodeAt(i);
      if (c === 0x22) { i++; return; }
      if (c < 0x20) throw new Stop(i, 'control character (such as a line break) inside a string');
      if (c === 0x5c) {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i, 'bad \\u escape in string');
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else throw new Stop(i, 'bad escape in string');
      } else i++;
    }
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail('a value');
    i += (match as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    skipSpace();
    const c = text[i];
    if (c === '{') object();
    else if (c === '[') array();
    else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail('a value');
  };
  const object = (): void => {
    i++;
    skipSpace();
    if (text[i] === '}') { i++; return; }
    for (;;) {
      skipSpace();
      if (text[i] !== '"') fail(text[i] === '}' ? 'a key (no trailing comma in JSON)' : 'a double-quoted key');
      string();
      skipSpace();
      if (text[i] !== ':') fail("':' after the key");
      i++;
      value();
      skipSpace();
      if (text[i] === '}') { i++; return; }
      if (text[i] !== ',') fail("',' or '}'");
      i++;
    }
  };
  const array = (): void => {
    i++;
    skipSpace();
    if (text[i] === ']') { i++; return; }
    for (;;) {
      skipSpace();
      if (text[i] === ']') fail('a value (no trailing comma in JSON)');
      value();
      skipSpace();
      if (text[i] === ']') { i++; return; }
      if (text[i] !== ',') fail("',' or ']'");
      i++;
    }
  };
  try {
    value();
    skipSpace();
    if (i < text.length) fail('the end of the file');
    return null;
  } catch (error) {
    if (error instanceof Stop) return { offset: error.offset, reason: error.reason };
    throw error;
  }
}
