/** The part of JSON Schema (2020-12) that `.systemfdrc.schema.json` uses. */
export interface SchemaNode {
  $schema?: string;
  $id?: string;
  title?: string;
  type?: string;
  description?: string;
  default?: unknown;
  examples?: unknown[];
  enum?: readonly unknown[];
  anyOf?: SchemaNode[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  propertyNames?: SchemaNode;
  additionalProperties?: boolean | SchemaNode;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  pattern?: string;
}
