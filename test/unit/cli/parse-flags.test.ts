// Flags through the real clipanion parser (cli.process) and our pass before it, down to the
// launch options: every flag comes from the settings table, so these also check the derivation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cli } from 'clipanion';
import { commandClasses } from '../../../src/cli/commands.js';
import type { SystemfdContext } from '../../../src/cli/context.js';
import { normalizeArgv } from '../../../src/cli/normalize-argv.js';
import { SocketCommand } from '../../../src/cli/socket-options.js';
import { toLaunchOptions, toWatchLaunchOptions } from '../../../src/cli/to-launch-options.js';
import { UsageError } from '../../../src/errors.js';
import { SETTINGS, rows } from '../../../src/settings/table.js';
import type { LaunchOptions, WatchLaunchOptions } from '../../../src/launcher/options.js';

function parse(own: string[]): SocketCommand {
  const normalized = normalizeArgv(own);
  if ('error' in normalized) throw new UsageError(normalized.error);
  const cli = new Cli<SystemfdContext>({ binaryName: 'systemfd' });
  for (const commandClass of commandClasses()) cli.register(commandClass);
  const context = { ...Cli.defaultContext, env: {}, cwd: '/project', ownArgv: own, commandArgv: ['node'] } as SystemfdContext;
  const command = cli.process(normalized.argv, context);
  assert.ok(command instanceof SocketCommand);
  command.context = context;
  return command;
}

const watchOptions = (own: string[]): WatchLaunchOptions => toWatchLaunchOptions(parse(['watch', ...own]).flagSettings(), ['node'], '/project');
const onceOptions = (own: string[]): LaunchOptions => toLaunchOptions(parse(own).flagSettings(), ['node'], '/project');

test('--poll takes its interval after a space as well as after =; alone it polls every 500ms', () => {
  assert.equal(watchOptions(['--poll', '1s']).watchMode.watch.poll, 1000);
  assert.equal(watchOptions(['--poll=250ms']).watchMode.watch.poll, 250);
  assert.equal(watchOptions(['--poll']).watchMode.watch.poll, 500);
  assert.equal(watchOptions(['--poll', '-s', '0']).watchMode.watch.poll, 500, 'a flag after --poll is not its value');
  assert.equal(watchOptions([]).watchMode.watch.poll, false);
});

test('values that start with - are the option\'s value, checked by its parser', () => {
  assert.throws(() => parse(['-b', '-1']).flagSettings(), { message: '-b: -1 is not an integer from 1 to 2147483647' });
  assert.throws(() => parse(['watch', '--debounce', '-5']).flagSettings(), { message: /^--debounce: -5 is not a duration: it is negative/ });
  assert.throws(() => parse(['watch', '--stop-timeout', '-1s']).flagSettings(), { message: /^--stop-timeout: -1s is not a duration/ });
  assert.throws(() => parse(['-s', '-1']).flagSettings(), { message: "unsupported specification '-1'. Please provide an explicit socket type" });
  assert.deepEqual(onceOptions(['-E', 'A=-x']).command.env, { A: '-x' });
});

test('a glob that names the watched directory itself is a usage error, not a crash', () => {
  for (const glob of ['/', './', '//', ' / ']) {
    assert.throws(() => parse(['watch', '-i', glob]).flagSettings(), { message: `-i: ${JSON.stringify(glob)} is the watched directory itself, not a glob of paths in it (to match every path: "**")` });
  }
  assert.throws(() => parse(['watch', '-f', '/']).flagSettings(), { message: /^-f: "\/" is the watched directory itself/ });
  assert.deepEqual(watchOptions(['-i', '/dist', '-i', 'src/', '-i', '**']).watchMode.watch.ignore, ['/dist', 'src/', '**']);
});

test('every flag of the table reaches its launch option', () => {
  const options = watchOptions([
    '-s', 'http::0', '-b', '64', '--no-reuse', '--reuse-port', '--no-pid', '--no-node-preload', '-E', 'A=1', '-E', 'B=2', '-q', '-v', '--color', 'never',
    '-w', 'src', '-e', 'ts,.json', '-f', '*.ts', '-i', '*.log', '--no-gitignore', '--no-default-ignore', '-d', '1s', '-x', 'make', '-x', 'make test',
    '--stop-signal', 'int', '--stop-timeout', '2s', '--restart-on-exit', '-c', '--no-stdin', '-p', '--proxy', '--overlap', '--ready-timeout', '3s',
  ]);
  assert.deepEqual(options.sockets.map((spec) => spec.text), ['http::0']);
  assert.deepEqual(options.socket, { backlog: 64, reuseAddr: false, reusePort: true });
  assert.deepEqual(options.command, { argv: ['node'], cwd: '/project', env: { A: '1', B: '2' }, pid: false, nodePreload: false });
  assert.deepEqual(options.output, { quiet: true, verbose: true, color: 'never' });
  assert.deepEqual(options.watchMode.watch, { cwd: '/project', paths: ['src'], include: ['*.ts'], ignore: ['*.log'], exts: ['ts', 'json'], gitignore: false, defaultIgnores: false, poll: false });
  const { watch: _watch, ...rest } = options.watchMode;
  assert.deepEqual(rest, { debounceMs: 1000, build: ['make', 'make test'], stopSignal: 'SIGINT', stopTimeoutMs: 2000, readyTimeoutMs: 3000, overlap: true, restart: 'on-exit', clear: true, stdin: false, postpone: true });
  assert.equal(options.proxy, true);
});

test('one-shot mode has the flags of both modes and none of watch mode\'s', () => {
  const options = onceOptions(['--proxy']);
  assert.equal(options.proxy, true);
  assert.ok(!('watchMode' in options));
  for (const [, row] of rows()) {
    for (const flag of row.flags) {
      const outcome = normalizeArgv([flag, ...(row.type.flag === 'value' || row.type.flag === 'values' ? ['x'] : [])]);
      if (row.modes.includes('once')) assert.ok(!('error' in outcome) || !/unknown option|is for watch mode/.test(outcome.error), flag);
      else assert.deepEqual(outcome, { error: `option ${flag} is for watch mode: \`systemfd watch ${flag} ...\`` });
    }
  }
});

test('the arities come from the table: a value flag takes the next token, a switch does not', () => {
  for (const [, row] of rows()) {
    for (const flag of row.flags) {
      const outcome = normalizeArgv(['watch', flag, 'node']);
      if (row.type.flag === 'value' || row.type.flag === 'values') assert.deepEqual(outcome, { argv: ['watch', flag, 'node'] }, flag);
      else assert.match('error' in outcome ? outcome.error : '', /^unexpected argument 'node'/, flag);
    }
  }
});

test('help, stray commands and unknown options', () => {
  assert.deepEqual(normalizeArgv(['help']), { argv: ['--help'] });
  assert.deepEqual(normalizeArgv(['help', 'watch']), { argv: ['watch', '--help'] });
  assert.deepEqual(normalizeArgv(['-qv', '-s', '0']), { argv: ['-qv', '-s', '0'] }, 'bundled short switches');
  assert.deepEqual(normalizeArgv(['watch', '-s', '0', 'node', 'x.js']), { error: 'unexpected argument \'node\': the command goes after `--`, e.g. `systemfd watch -s 0 -- node x.js`' });
  assert.deepEqual(normalizeArgv(['--sockte', '0']), { error: "unknown option '--sockte' (did you mean '--socket'?) (see `systemfd --help`)" });
  assert.deepEqual(normalizeArgv(['--no-reuse-prot']), { error: "unknown option '--no-reuse-prot' (did you mean '--no-reuse-port'?) (see `systemfd --help`)" });
  assert.deepEqual(normalizeArgv(['-Z']), { error: "unknown option '-Z' (see `systemfd --help`)" });
});

test('the table: unique flags and targets, descriptions, and defaults its own parser reads back', () => {
  const flags = new Set<string>();
  const targets = new Set<string>();
  for (const [key, row] of rows()) {
    assert.ok(row.description.length > 20, `${key} is described`);
    for (const flag of row.flags) {
      assert.match(flag, /^(-[A-Za-z]|--[a-z][a-z-]+)$/, flag);
      assert.ok(!flags.has(flag), `${flag} is declared once`);
      flags.add(flag);
    }
    if (row.target !== null) {
      assert.ok(!targets.has(row.target), `${row.target} has one row`);
      targets.add(row.target);
    }
    // A default the file cannot spell (a tri-state's 'auto') is what an absent key means.
    const shown = row.default === undefined ? undefined : row.type.show(row.default);
    if (shown !== undefined) assert.deepEqual(row.type.parse(row.type.check(shown)), row.default, `${key}'s default survives the file's form`);
  }
  assert.ok(!flags.has('-h') && !flags.has('-V'), 'help and version stay free');
});

test('a tri-state switch: the flag, its --no- form, the file and the default stay apart', () => {
  assert.equal(onceOptions([]).proxy, 'auto', 'neither flag nor file: systemfd decides');
  assert.equal(onceOptions(['--proxy']).proxy, true);
  assert.equal(onceOptions(['--no-proxy']).proxy, false, 'an explicit false is not the default');
  assert.equal(onceOptions(['--proxy', '--no-proxy']).proxy, false, 'the last one typed wins');
  assert.equal(toLaunchOptions({ proxy: false }, ['node'], '/project').proxy, false);
  assert.equal(toLaunchOptions({ proxy: true }, ['node'], '/project').proxy, true);
  assert.equal(SETTINGS.proxy.type.show('auto'), undefined, 'auto is not a value the file holds');
});

test('settings still being built are declared, parsed and carried, with their defaults', () => {
  assert.equal(SETTINGS.proxy.coming, undefined, '--proxy is built');
  assert.notEqual(SETTINGS.overlap.coming, true, 'overlap is live');
  assert.notEqual(SETTINGS.readyTimeout.coming, true, 'the readiness timeout is live');
  const defaults = watchOptions([]);
  assert.equal(defaults.watchMode.overlap, false);
  assert.equal(defaults.watchMode.readyTimeoutMs, 10_000);
  assert.equal(defaults.proxy, 'auto');
  assert.equal(watchOptions(['--overlap', '--ready-timeout', '0ms']).watchMode.readyTimeoutMs, 0, '0: ready at once');
  assert.equal(watchOptions(['--overlap']).watchMode.overlap, true);
});
