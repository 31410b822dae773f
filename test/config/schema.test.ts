// The JSON Schemas for editors: generated from the zod schemas, committed under schema/, and
// accepted by an independent JSON Schema validator (ajv) for kiln's own catalogue.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { jsonSchema, SCHEMA_KINDS, schemaFileName, schemaText } from '../../src/config/json-schema.js';

const FILES = {
  images: 'config/images.yaml',
  sites: 'config/sites.yaml',
  'third-party': 'config/third-party.yaml',
};

describe('JSON Schema export', () => {
  it.each(SCHEMA_KINDS)(
    'committed %s schema is current (regenerate: npm run kiln -- schema <kind>)',
    (kind) => {
      expect(readFileSync(schemaFileName(kind), 'utf8')).toBe(schemaText(kind));
    },
  );

  it.each(SCHEMA_KINDS)("validates kiln's own %s file", (kind) => {
    const validate = new Ajv({ allErrors: true }).compile(jsonSchema(kind));
    const ok = validate(parse(readFileSync(FILES[kind], 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects what the loader rejects: unknown keys, bad enums, short SHAs, missing checksums', () => {
    const images = new Ajv({ allErrors: true }).compile(jsonSchema('images'));
    expect(images({ images: { a: { elemnts: [] } } })).toBe(false);
    expect(images({ images: { a: { architectures: ['x86_64'] } } })).toBe(false);
    expect(images({ images: { a: { artifacts: { X: { url: 'https://e.org/x' } } } } })).toBe(false);
    expect(images({ images: { 'bad name': {} } })).toBe(false);
    expect(images({ images: { a: { builder: 'dib', elements: ['vm'], architectures: ['arm64'] } } })).toBe(
      true,
    );
    const thirdParty = new Ajv().compile(jsonSchema('third-party'));
    expect(thirdParty({ elements: { r: { repo: 'https://e.org/r.git', ref: 'main' } } })).toBe(false);
    expect(thirdParty({ elements: { r: { repo: 'https://e.org/r.git', ref: 'f'.repeat(40) } } })).toBe(true);
  });

  it('carries descriptions for editors', () => {
    const text = schemaText('images');
    expect(text).toContain('"$schema": "http://json-schema.org/draft-07/schema#"');
    expect(text).toContain('Image this one is built on; its settings are inherited');
  });
});
