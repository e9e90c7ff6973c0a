// .systemfdrc.schema.json is generated from the settings table: the committed file must be what
// the table gives today, editors (through the schema) and systemfd (through validate-rc.ts) must
// accept and reject the same files, and the schema's defaults must be the launcher's.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { SettingRow } from '../../../src/settings/row.js';
import { SCHEMA_FILE, buildSchema, schemaText } from '../../../src/settings/schema.js';
import { SETTINGS, fileKeys } from '../../../src/settings/table.js';
import { validateRc } from '../../../src/config/validate-rc.js';
import { toWatchLaunchOptions } from '../../../src/cli/to-launch-options.js';
import type { Settings } from '../../../src/config/settings.js';
import { repoRoot } from '../../helpers/paths.js';

/** The committed (staged) file when this is a git checkout, else the file on disk. */
function committedSchema(): string {
  try {
    return execFileSync('git', ['show', `:${SCHEMA_FILE}`], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return readFileSync(join(repoRoot, SCHEMA_FILE), 'utf8');
  }
}

test('the committed schema is the one the settings table generates (npm run build writes it)', () => {
  assert.equal(committedSchema(), schemaText(), `${SCHEMA_FILE} is stale: run npm run build and commit it`);
  assert.equal(readFileSync(join(repoRoot, SCHEMA_FILE), 'utf8'), schemaText(), `${SCHEMA_FILE} on disk is stale: run npm run build`);
});

const properties = buildSchema().properties ?? {};

test('the schema has exactly the file keys of the table, plus $schema, and nothing else is allowed', () => {
  assert.deepEqual(Object.keys(properties).filter((key) => key !== '$schema').sort(), [...fileKeys()].sort());
  assert.ok(!('config' in properties), '--config is a flag only');
  assert.equal(buildSchema().additionalProperties, false);
});

test('every key has a description naming its flag, and its default where it has one', () => {
  for (const key of fileKeys()) {
    const node = properties[key];
    const row: SettingRow = SETTINGS[key];
    assert.ok(node && typeof node.description === 'string' && node.description.length > 20, `${key} has a description`);
    for (const flag of row.flags) assert.ok(node.description?.includes(flag), `${key} names ${flag}`);
    // A default the file cannot spell (a tri-state's 'auto') is told in words instead.
    if (row.default !== undefined && row.type.show(row.default) !== undefined) assert.notEqual(node.default, undefined, `${key} has a default`);
    else if (row.default !== undefined) assert.match(node.description ?? '', /Default: /, `${key} says its default`);
  }
  assert.equal(properties.stopTimeout?.default, '5s');
  assert.equal(properties.debounce?.default, '20ms');
  assert.equal(properties.readyTimeout?.default, '10s');
  assert.match(properties.backlog?.description ?? '', /system maximum/);
});

const validate = new Ajv2020({ strict: true, allErrors: false }).compile(buildSchema());

const samples: unknown[] = [
  {}, { sockets: ['http::3000'] }, { sockets: 'http::0' }, { sockets: [''] }, { sockets: [1] },
  { command: 'node x.js' }, { command: ['node'] }, { command: [] }, { command: '' }, { command: 5 },
  { backlog: 1 }, { backlog: 0 }, { backlog: 1.5 }, { backlog: 2147483648 }, { quiet: true }, { quiet: 'yes' },
  { color: 'always' }, { color: 'red' }, { env: { A: '1' } }, { env: { A: 1 } }, { env: { 'A=B': '1' } }, { env: [] },
  { debounce: '1s' }, { debounce: 5 }, { poll: true }, { poll: '1s' }, { poll: 5 }, { build: 'make' }, { build: ['a', 'b'] },
  { build: [''] }, { build: '' }, { stopSignal: 'INT' }, { stopSignal: 5 }, { overlap: true }, { overlap: 1 },
  { proxy: false }, { readyTimeout: '2s' }, { watch: ['src'] }, { watch: [''] }, { watch: [] }, { exts: ['ts'] }, { cwd: 'app' }, { cwd: '' },
  { $schema: './x.json' }, { $schema: 1 }, { sokets: [] }, { config: 'x' }, [1], null, 'x',
];

test('the schema and systemfd agree on the shape of every sample file', () => {
  for (const sample of samples) {
    let accepted = true;
    try {
      validateRc(sample);
    } catch {
      accepted = false;
    }
    // systemfd also checks meanings the schema cannot (socket grammar, bounds): only its
    // rejections may be stricter, and none of these samples needs that.
    assert.equal(validate(sample), accepted, JSON.stringify(sample));
  }
});

test("the schema's defaults are the launcher's defaults", () => {
  const defaults: Record<string, unknown> = {};
  for (const [key, node] of Object.entries(properties)) if (node.default !== undefined) defaults[key] = node.default;
  assert.doesNotThrow(() => validateRc(defaults));
  const fromDefaults = toWatchLaunchOptions(defaults as Settings, ['node'], '/project');
  const fromNothing = toWatchLaunchOptions({}, ['node'], '/project');
  assert.deepEqual(fromDefaults, fromNothing);
  assert.equal(fromNothing.watchMode.stopTimeoutMs, 5000);
  assert.equal(fromNothing.watchMode.readyTimeoutMs, 10_000);
  assert.equal(fromNothing.watchMode.overlap, false);
  assert.equal(fromNothing.proxy, 'auto');
  assert.equal(properties['proxy']?.default, undefined, 'the schema has no default for a tri-state');
});
