// `systemfd init` adding the "dev" script: one added line, nothing else of the file changed,
// never an existing script replaced.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDevScript } from '../../../src/config/dev-script.js';

test('adds dev to the scripts npm init wrote, keeping order, indentation and the final newline', () => {
  const text = '{\n  "name": "app",\n  "version": "1.0.0",\n  "main": "index.js",\n  "scripts": {\n    "test": "echo \\"Error: no test specified\\" && exit 1"\n  },\n  "license": "ISC"\n}\n';
  const edit = addDevScript(text, 'systemfd watch');
  assert.equal(edit.kind, 'added');
  assert.equal(edit.kind === 'added' && edit.text, text.replace('exit 1"\n', 'exit 1",\n    "dev": "systemfd watch"\n'));
});

test('adds a scripts object when there is none; tabs and CRLF stay', () => {
  const edit = addDevScript('{\r\n\t"name": "app"\r\n}', 'systemfd watch');
  assert.deepEqual(edit, { kind: 'added', text: '{\r\n\t"name": "app",\r\n\t"scripts": {\r\n\t\t"dev": "systemfd watch"\r\n\t}\r\n}' });
});

test('an existing dev script is kept, whatever it says', () => {
  assert.deepEqual(addDevScript('{"scripts":{"dev":"vite"}}', 'systemfd watch'), { kind: 'present', script: 'vite' });
  assert.deepEqual(addDevScript('{"scripts":{"dev":"systemfd watch"}}', 'systemfd watch'), { kind: 'present', script: 'systemfd watch' });
});

test('a file that is not a JSON object is left alone', () => {
  for (const text of ['{ broken', '[]', 'null', '{"scripts": []}']) assert.deepEqual(addDevScript(text, 'systemfd watch'), { kind: 'unreadable' }, text);
});
