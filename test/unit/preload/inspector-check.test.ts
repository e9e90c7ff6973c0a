// Which inspector port a node process asked for, from its flags (execArgv and NODE_OPTIONS).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspectorPort } from '../../../src/preload/inspector-check.js';

test('inspector port from --inspect flags', () => {
  const cases: Array<[string[], number | null]> = [
    [[], null],
    [['--inspect'], 9229],
    [['--inspect-brk'], 9229],
    [['--inspect=9300'], 9300],
    [['--inspect=0.0.0.0:9301'], 9301],
    [['--inspect-wait=[::1]:9302'], 9302],
    [['--inspect=localhost'], 9229],
    [['--inspect=0'], null],
    [['--inspect=9300', '--inspect=9400'], 9400],
    [['--inspect-port=9300'], null],
    [['--enable-source-maps', ''], null],
  ];
  for (const [flags, port] of cases) assert.equal(inspectorPort(flags), port, flags.join(' '));
});
