// Turns zod issues into InputErrors at the right `file:line:col`, with wording for people: which
// key is unknown (and what was probably meant), what type was expected and what was found, which
// required key is missing.
import * as z from 'zod';
import { InputError } from '../errors.js';
import { didYouMean } from './did-you-mean.js';
import type { PathSegment } from '../yaml/node-positions.js';
import type { YamlFile } from '../yaml/yaml-file.js';

/** Validates `value` (the JS value of `file`) against `schema`: the parsed data, or the errors. */
export function validate<T>(
  file: YamlFile,
  schema: z.ZodType<T>,
  value: unknown,
): { data?: T; errors: InputError[] } {
  const result = schema.safeParse(value);
  if (result.success) return { data: result.data, errors: [] };
  return { errors: result.error.issues.flatMap((issue) => issueErrors(file, schema, value, issue)) };
}

// What a value is called in messages, by the key that holds it.
const NOUNS: Record<string, string> = {
  architectures: 'architecture',
  builder: 'builder',
  disk_format: 'disk format',
  visibility: 'visibility',
};
// Spellings from other tools that mean one of kiln's values.
const ALIASES: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64', x64: 'amd64', arm: 'arm64' };
// Keys other catalogues (CC-Images, azimuth-images) use for something kiln spells differently.
const KEY_ALIASES: Record<string, string> = {
  arch: 'architectures',
  depends: 'parent',
  'baremetal-only': 'sites: { kind: baremetal }',
  baremetal_only: 'sites: { kind: baremetal }',
  is_baremetal: 'kind: baremetal',
  image_container: 'object_store: { container: ... }',
  elements_directory: 'elements_dir',
  provenance: 'properties',
  commit: 'ref',
  sha: 'ref',
  tag: 'ref (a commit SHA) or branch',
};

function issueErrors(
  file: YamlFile,
  schema: z.ZodType,
  root: unknown,
  issue: z.core.$ZodIssue,
): InputError[] {
  const path = issue.path as PathSegment[];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = Object.keys(objectShapeAt(schema, path) ?? {});
      const alias = (key: string) => {
        const meant = KEY_ALIASES[key];
        return meant && known.includes(meant.split(':')[0]!) ? `kiln calls it '${meant}'` : undefined;
      };
      return issue.keys.map(
        (key) =>
          new InputError(
            `unknown key '${key}'${where(path)}`,
            file.pos([...path, key], 'key'),
            alias(key) ??
              didYouMean(key, known) ??
              (known.length ? `expected one of: ${known.join(', ')}` : undefined),
          ),
      );
    }
    case 'invalid_key': {
      const key = String(path[path.length - 1]);
      const why = issue.issues[0]?.message ?? 'not allowed';
      // zod does not look inside an entry whose name is bad: check it here, so that one bad name
      // does not hide the rest of the entry's errors.
      const record = schemaAt(schema, path.slice(0, -1));
      const inner =
        record instanceof z.ZodRecord
          ? (record.valueType as z.ZodType).safeParse(valueAt(root, path))
          : undefined;
      return [
        new InputError(`invalid name '${key}': ${why}`, file.pos(path, 'key')),
        ...(inner?.error?.issues ?? []).flatMap((i) =>
          issueErrors(file, schema, root, { ...i, path: [...path, ...i.path] } as z.core.$ZodIssue),
        ),
      ];
    }
    case 'invalid_value': {
      const actual = valueAt(root, path);
      const allowed = issue.values.map(String);
      const last = [...path].reverse().find((s): s is string => typeof s === 'string') ?? '';
      const noun = NOUNS[last] ?? 'value';
      const hint = ALIASES[String(actual)]
        ? `kiln calls it '${ALIASES[String(actual)]}'`
        : didYouMean(String(actual), allowed);
      return [
        new InputError(
          `unknown ${noun} ${JSON.stringify(actual)}: expected one of ${allowed.join(', ')}`,
          file.pos(path),
          hint,
        ),
      ];
    }
    case 'invalid_type': {
      const actual = valueAt(root, path);
      if (actual === undefined) {
        const key = String(path[path.length - 1]);
        const custom = isDefaultMessage(issue.message) ? undefined : issue.message;
        return [
          new InputError(
            custom ?? `missing required key '${key}'${where(path.slice(0, -1))}`,
            file.pos(path),
          ),
        ];
      }
      // YAML reads unquoted digits (a checksum, a version) as a number, losing digits on the way.
      if (issue.expected === 'string' && typeof actual === 'number')
        return [
          new InputError(
            'expected a string, got a number: YAML reads unquoted digits as a number',
            file.pos(path),
            'quote the value as written, e.g. sha256: "0123..."',
          ),
        ];
      const message = isDefaultMessage(issue.message)
        ? `expected ${article(issue.expected)}, got ${describe(actual)}`
        : issue.message;
      return [new InputError(message, file.pos(path))];
    }
    default:
      return [new InputError(issue.message, file.pos(path))];
  }
}

function isDefaultMessage(message: string): boolean {
  return message.startsWith('Invalid input');
}

function where(path: PathSegment[]): string {
  return path.length ? ` in '${path.join('.')}'` : ' at the top level';
}

function article(expected: string): string {
  const words: Record<string, string> = {
    record: 'a mapping',
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'true or false',
  };
  return words[expected] ?? expected;
}

function describe(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number')
    return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: PathSegment[]): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg as string];
  }
  return v;
}

/** The shape of the object schema at `path`, following records, arrays, optionals and refinements. */
function objectShapeAt(schema: z.ZodType, path: PathSegment[]): Record<string, unknown> | undefined {
  const s = schemaAt(schema, path);
  return s instanceof z.ZodObject ? s.shape : undefined;
}

/** The schema of the value at `path`, unwrapped. */
function schemaAt(schema: z.ZodType, path: PathSegment[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = unwrap(schema);
  for (const seg of path) {
    if (s instanceof z.ZodObject) s = s.shape[seg as string] as z.ZodType | undefined;
    else if (s instanceof z.ZodRecord) s = s.valueType as z.ZodType;
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else return undefined;
    s = s && unwrap(s);
  }
  return s;
}

function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  while (cur instanceof z.ZodOptional || cur instanceof z.ZodNullable || cur instanceof z.ZodDefault) {
    cur = cur.unwrap() as z.ZodType;
  }
  return cur;
}
