// JSON Schemas of the three config files, generated from the zod schemas (the single definition),
// for editors (yaml-language-server: `# yaml-language-server: $schema=../schema/images.schema.json`)
// and other tools. `kiln schema` prints them; schema/*.schema.json are committed copies that a test
// keeps current.
import * as z from 'zod';
import { imagesFileSchema, sitesFileSchema, thirdPartyFileSchema } from './schema.js';

export const SCHEMA_KINDS = ['images', 'sites', 'third-party'] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

const SOURCES: Record<SchemaKind, { schema: z.ZodType; title: string }> = {
  images: { schema: imagesFileSchema, title: 'kiln images.yaml: the images to build' },
  sites: { schema: sitesFileSchema, title: 'kiln sites.yaml: the clouds images are published to' },
  'third-party': {
    schema: thirdPartyFileSchema,
    title: 'kiln third-party.yaml: pinned repos of DIB elements',
  },
};

/** The JSON Schema (draft-07, the draft editors support best) of one config file. */
export function jsonSchema(kind: SchemaKind): Record<string, unknown> {
  const { schema, title } = SOURCES[kind];
  // io 'input': describe what a person writes, not the parsed value.
  const generated = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  return { ...generated, title };
}

/** The committed file name of a schema, relative to the repository root. */
export function schemaFileName(kind: SchemaKind): string {
  return `schema/${kind}.schema.json`;
}

/** A schema as it is printed and committed: 2-space JSON with a final newline. */
export function schemaText(kind: SchemaKind): string {
  return JSON.stringify(jsonSchema(kind), null, 2) + '\n';
}
