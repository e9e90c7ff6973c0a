#!/usr/bin/env node
// Writes .systemfdrc.schema.json from the settings table (run by `npm run build`, after tsc).
// Only rewrites the file when its content changes, so a build leaves git status clean.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const { SCHEMA_FILE, schemaText } = await import(new URL('../dist/src/settings/schema.js', import.meta.url).href);
const path = join(root, SCHEMA_FILE);
const text = schemaText();
let current = null;
try {
  current = readFileSync(path, 'utf8');
} catch {
  // no file yet
}
if (current !== text) {
  writeFileSync(path, text);
  console.log(`wrote ${SCHEMA_FILE}`);
}
