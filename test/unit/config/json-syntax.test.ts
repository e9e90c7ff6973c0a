import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonSyntaxError, lineAndColumn, locateJsonError, parseJson } from '../../../src/config/json-syntax.js';

test('valid JSON is parsed by JSON.parse and the locator agrees it is valid', () => {
  const texts = ['{}', '[]', '0', '-1.5e+3', '"a\\u00e9\\n"', 'true', 'null', ' { "a" : [1, {"b": false}], "c": "" } ', '{"a":"\\"\\\\\\/"}'];
  for (const text of texts) {
    assert.deepEqual(parseJson(text), JSON.parse(text));
    assert.equal(locateJsonError(text), null, text);
  }
});

test('every invalid text JSON.parse rejects gets a position', () => {
  const cases: Array<[string, number, number]> = [
    ['{"a":1,}', 1, 8],
    ['{"a" 1}', 1, 6],
    ['[1 2]', 1, 4],
    ['{"a":tru}', 1, 6],
    ['{"a":"x\n"}', 1, 8],
    ['{} x', 1, 4],
    ['{\n  "a": 01\n}', 2, 9],
    ["{'a': 1}", 1, 2],
    ['[1,]', 1, 4],
    ['{"a": "\\x"}', 1, 8],
    ['{', 1, 2],
  ];
  for (const [text, line, column] of cases) {
    assert.throws(() => JSON.parse(text));
    assert.throws(() => parseJson(text), (error: unknown) => {
      assert.ok(error instanceof JsonSyntaxError, text);
      assert.deepEqual([error.line, error.column], [line, column], `${JSON.stringify(text)}: ${error.message}`);
      return true;
    });
  }
});

test('line and column are 1-based and count from the last newline', () => {
  assert.deepEqual(lineAndColumn('ab\ncd', 0), { line: 1, column: 1 });
  assert.deepEqual(lineAndColumn('ab\ncd', 4), { line: 2, column: 2 });
  assert.deepEqual(lineAndColumn('ab\n', 3), { line: 2, column: 1 });
});
