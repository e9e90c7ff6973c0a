// detectRuntime: which commands cannot adopt an inherited socket (table-driven, pure).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectRuntime } from '../../../src/proxy/detect-runtime.js';

const scripts = {
  dev: 'bun --watch src/index.ts',
  serve: 'deno run -A main.ts',
  start: 'node server.js',
  build: 'tsc -p . && bun build.ts',
  both: 'npm run serve',
  loop: 'npm run loop',
  envy: 'NODE_ENV=production bun server.ts',
};

const cases: Array<[string[], ReturnType<typeof detectRuntime>]> = [
  [['bun', 'server.ts'], { runtime: 'bun', via: null }],
  [['/home/me/.bun/bin/bun', 'run', 'server.ts'], { runtime: 'bun', via: null }],
  [['deno', 'run', '-A', 'main.ts'], { runtime: 'deno', via: null }],
  [['deno.exe', 'serve', 'main.ts'], { runtime: 'deno', via: null }],
  [['bunx', 'vite'], { runtime: 'bun', via: null }],
  [['env', 'PORT=1', 'bun', 'x.ts'], { runtime: 'bun', via: null }],
  [['FOO=1', 'deno', 'task', 'dev'], { runtime: 'deno', via: null }],
  [['npx', '--yes', 'bun', 'server.ts'], { runtime: 'bun', via: 'npx --yes' }],
  [['pnpm', 'exec', 'deno', 'run', 'x.ts'], { runtime: 'deno', via: 'pnpm exec' }],
  [['npm', 'run', 'dev'], { runtime: 'bun', via: 'npm run dev' }],
  [['npm', 'run', '--silent', 'serve'], { runtime: 'deno', via: 'npm run --silent serve' }],
  [['npm', 'run', 'build'], { runtime: 'bun', via: 'npm run build' }],
  [['npm', 'run', 'both'], { runtime: 'deno', via: 'npm run both' }],
  [['npm', 'run', 'envy'], { runtime: 'bun', via: 'npm run envy' }],
  [['pnpm', 'dev'], { runtime: 'bun', via: 'pnpm dev' }],
  [['yarn', 'run', 'serve'], { runtime: 'deno', via: 'yarn run serve' }],
  [['bun', 'run', 'start'], null],
  [['bun', 'run', 'dev'], { runtime: 'bun', via: 'bun run dev' }],
  [['npm', 'start'], null],
  [['npm', 'run', 'loop'], null],
  [['npm', 'run', 'missing'], null],
  [['npm', 'install'], null],
  [['node', 'server.js'], null],
  [['python3', '-m', 'http.server'], null],
  [['sh', '-c', 'bun x.ts'], null],
  [['npx'], null],
  [[], null],
];

for (const [argv, expected] of cases) {
  test(`detectRuntime(${JSON.stringify(argv)})`, () => {
    assert.deepEqual(detectRuntime(argv, scripts), expected);
  });
}
