/**
 * `.systemfdrc.schema.json` (repository root, published in the package) compiled once, lazily,
 * with ajv: the schema is the single source of truth for keys, types and defaults (issue 4).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

export const SCHEMA_FILE = '.systemfdrc.schema.json';

/**
 * The package root holds the schema; this file runs from src/config (sources) or
 * <outDir>/src/config (built), so look a few levels up rather than hard-coding the depth.
 */
export function schemaPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 5; level++) {
    const candidate = join(dir, SCHEMA_FILE);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`${SCHEMA_FILE} not found above ${fileURLToPath(import.meta.url)}`);
}

export interface SchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  anyOf?: SchemaNode[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  pattern?: string;
}

let schema: SchemaNode | undefined;
let validate: ValidateFunction | undefined;

export function rcSchema(): SchemaNode {
  schema ??= JSON.parse(readFileSync(schemaPath(), 'utf8')) as SchemaNode;
  return schema;
}

/** The compiled validator. `verbose` keeps each error's schema and data for the messages. */
export function rcValidator(): ValidateFunction {
  validate ??= new Ajv2020({ allErrors: false, verbose: true, strict: true }).compile(rcSchema());
  return validate;
}
