// The fast path's flag reader against clipanion: over the same normalized arguments, every
// row's value must be what clipanion puts on the command, or the reader must decline (null).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cli } from 'clipanion';
import { commandClasses } from '../../../src/cli/commands.js';
import type { SystemfdContext } from '../../../src/cli/context.js';
import { normalizeArgv } from '../../../src/cli/normalize-argv.js';
import { readFlags } from '../../../src/cli/read-flags.js';
import { flagRows } from '../../../src/cli/table-options.js';
import type { Mode } from '../../../src/settings/row.js';

function clipanionValues(argv: string[], mode: Mode): Record<string, unknown> {
  const cli = new Cli<SystemfdContext>({ binaryName: 'systemfd' });
  for (const commandClass of commandClasses()) cli.register(commandClass);
  const command = cli.process(argv, { ...Cli.defaultContext, cwd: '/', ownArgv: argv, commandArgv: [] } as SystemfdContext) as unknown as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  for (const [key] of flagRows(mode)) if (command[key] !== undefined) values[key] = command[key];
  return values;
}

/** Every spelling of every flag of `mode`, alone, as argument lists. */
function spellings(mode: Mode): string[][] {
  const out: string[][] = [];
  for (const [, row] of flagRows(mode)) {
    for (const name of row.flags) {
      const long = name.startsWith('--');
      switch (row.type.flag) {
        case 'switch':
          out.push([name]);
          if (long) out.push([`--no-${name.slice(2)}`]);
          break;
        case 'switch-or-value':
          out.push([name], [name, '1s']);
          if (long) out.push([`${name}=250ms`], [`--no-${name.slice(2)}`]);
          break;
        case 'value':
          out.push([name, 'v1'], [name, 'v1', name, 'v2']);
          if (long) out.push([`${name}=v3`], [`${name}=-7`]);
          break;
        case 'values':
          out.push([name, 'a'], [name, 'a', name, 'b']);
          if (long) out.push([`${name}=c`, name, 'd']);
          break;
      }
    }
  }
  return out;
}

function check(own: string[], mode: Mode): 'same' | 'declined' {
  const normalized = normalizeArgv(mode === 'watch' ? ['watch', ...own] : own);
  assert.ok('argv' in normalized, `${own.join(' ')}: ${'error' in normalized ? normalized.error : ''}`);
  const argv = normalized.argv;
  const fast = readFlags(mode === 'watch' ? argv.slice(1) : argv, mode);
  if (fast === null) return 'declined';
  assert.deepEqual(fast, clipanionValues(argv, mode), `${mode}: ${own.join(' ')}`);
  return 'same';
}

for (const mode of ['once', 'watch'] as const) {
  test(`${mode}: every flag spelling reads as clipanion reads it`, () => {
    const cases = spellings(mode);
    assert.ok(cases.length > 20);
    const declined = cases.filter((own) => check(own, mode) === 'declined');
    assert.deepEqual(declined, [], 'the fast path takes every plain spelling');
  });

  test(`${mode}: all flags together, and bundled short switches`, () => {
    assert.equal(check(spellings(mode).flat(), mode), 'same');
    const shorts = flagRows(mode).filter(([, row]) => row.type.flag === 'switch').flatMap(([, row]) => row.flags.filter((f) => /^-[A-Za-z]$/.test(f)));
    assert.ok(shorts.length >= 2);
    assert.equal(check([`-${shorts.map((s) => s.slice(1)).join('')}`], mode), 'same');
  });
}

test('what the reader cannot map is left to clipanion', () => {
  // A value on a plain switch: clipanion's error says what is wrong.
  assert.equal(readFlags(['--quiet=yes'], 'once'), null);
  assert.equal(readFlags(['-s'], 'once'), null);
  assert.equal(readFlags(['--unheard-of'], 'once'), null);
  assert.equal(readFlags(['-qZ'], 'once'), null);
});

test('a watch-only flag is not read in one-shot mode', () => {
  assert.equal(readFlags(['--overlap'], 'once'), null);
  assert.deepEqual(readFlags(['--overlap'], 'watch'), { overlap: true });
});
