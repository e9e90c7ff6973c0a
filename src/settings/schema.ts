/**
 * `.systemfdrc.schema.json` from the settings table, for editors (completion, hover docs,
 * squiggles). scripts/write-schema.mjs writes it at build; a test fails when the committed file
 * is not what this returns. systemfd itself checks files with config/validate-rc.ts.
 */
import type { SettingRow } from './row.js';
import type { SchemaNode } from './schema-node.js';
import { rows } from './table.js';

export const SCHEMA_FILE = '.systemfdrc.schema.json';
export const SCHEMA_REF = `./node_modules/systemfd/${SCHEMA_FILE}`;

/** The flags a row has, for the description: `-d/--debounce`. */
export function flagText(row: SettingRow): string {
  return row.flags.join('/');
}

function describe(row: SettingRow): string {
  const parts = [row.description];
  if (!row.modes.includes('once')) parts.push('Watch mode only.');
  if (row.flags.length > 0) parts.push(`Flag: ${flagText(row)}.`);
  if (row.defaultText !== undefined) parts.push(`Default: ${row.defaultText}.`);
  return parts.join(' ');
}

function property(row: SettingRow): SchemaNode {
  const node: SchemaNode = { description: describe(row), ...row.type.schema };
  if (row.default !== undefined) node.default = row.type.show(row.default);
  return node;
}

export function buildSchema(): SchemaNode {
  const properties: Record<string, SchemaNode> = {
    $schema: { description: `The JSON schema of this file, for editor completion: "${SCHEMA_REF}".`, type: 'string' },
  };
  for (const [key, row] of rows()) if (row.inFile) properties[key] = property(row);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/systemfd/systemfd-node/.systemfdrc.schema.json',
    title: '.systemfdrc',
    description: 'Project settings for systemfd (Node). Every key has the meaning of the command-line flag of the same name; flags given on the command line win over this file. Relative paths (watch paths, unix socket paths, cwd) are relative to the directory of this file.',
    type: 'object',
    additionalProperties: false,
    properties,
  };
}

/** The file's text: what the build writes and the test compares. */
export function schemaText(): string {
  return `${JSON.stringify(buildSchema(), null, 2)}\n`;
}
