import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DurationError, formatDuration, parseDuration } from '../../../src/watch/duration.js';

test('parseDuration accepts values with units', () => {
  const table: [string, number][] = [
    ['100ms', 100], ['0ms', 0], ['1.5s', 1500], ['2s', 2000], ['2m', 120_000], ['1h', 3_600_000],
    ['1m30s', 90_000], ['1s500ms', 1500], ['.5s', 500], [' 250ms ', 250], ['0.25ms', 0], ['10s', 10_000],
  ];
  for (const [text, ms] of table) assert.equal(parseDuration(text), ms, text);
});

test('parseDuration rejects a bare number, naming both units (nodemon s-vs-ms confusion)', () => {
  assert.throws(() => parseDuration('500'), (err: unknown) => {
    assert.ok(err instanceof DurationError);
    assert.match(err.message, /'500' has no unit: write 500ms or 500s/);
    return true;
  });
});

test('parseDuration rejects junk with a message that shows the syntax', () => {
  for (const text of ['', '  ', 'fast', '10 s', '10sec', '5d', '-5s', '1s1s', 's', 'ms', '1.s', '1e3ms', '10ms!']) {
    assert.throws(() => parseDuration(text), DurationError, JSON.stringify(text));
  }
  assert.throws(() => parseDuration('5d'), /invalid duration '5d' at '5d'.*units: ms, s, m, h/);
  assert.throws(() => parseDuration('-5s'), /negative/);
  assert.throws(() => parseDuration('1s1s'), /unit 's' given twice/);
});

test('formatDuration renders what parseDuration reads', () => {
  for (const ms of [0, 20, 100, 999, 1000, 1500, 2000, 60_000]) assert.equal(parseDuration(formatDuration(ms)), ms);
});
