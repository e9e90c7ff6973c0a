// .systemfdrc.schema.json is the source of truth (issue 4): it must describe exactly the
// Settings keys, document every key, and its defaults must be the launcher's defaults.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SETTINGS_KEYS } from '../../../src/config/settings-keys.js';
import { rcSchema, rcValidator } from '../../../src/config/rc-schema.js';
import { schemaDefaults, validateRc } from '../../../src/config/validate-rc.js';
import { toWatchLaunchOptions } from '../../../src/cli/to-launch-options.js';
import type { Settings } from '../../../src/config/settings.js';

const properties = rcSchema().properties ?? {};

test('the schema has exactly the Settings keys, plus $schema', () => {
  assert.deepEqual(Object.keys(properties).filter((key) => key !== '$schema').sort(), [...SETTINGS_KEYS].sort());
  assert.ok('$schema' in properties);
  assert.equal(rcSchema().additionalProperties, false);
});

test('every key has a description, and a default unless it has none by nature', () => {
  const noDefault = new Set(['$schema', 'command', 'backlog']); // command: required somewhere; backlog: the system's maximum
  for (const [key, node] of Object.entries(properties)) {
    assert.ok(typeof node.description === 'string' && node.description.length > 20, `${key} has a description`);
    if (!noDefault.has(key)) assert.notEqual(node.default, undefined, `${key} has a default`);
  }
  assert.match(properties.backlog?.description ?? '', /system maximum/);
});

test('the schema compiles in ajv strict mode and its defaults are valid settings', () => {
  assert.equal(typeof rcValidator(), 'function');
  const defaults = schemaDefaults();
  assert.doesNotThrow(() => validateRc(defaults));
});

test("the schema's defaults are the launcher's defaults", () => {
  const fromDefaults = toWatchLaunchOptions(schemaDefaults() as Settings, ['node'], '/project');
  const fromNothing = toWatchLaunchOptions({}, ['node'], '/project');
  assert.deepEqual(fromDefaults, fromNothing);
});
