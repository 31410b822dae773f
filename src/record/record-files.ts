// Finding and reading build records: `<dir>/**/<name>/<arch>/record.json` at any depth, so that
// downloaded workflow artifacts merged into one folder work. test, publish and release all read
// records through here, so a record is judged the same way by every stage.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { ARCHES } from '../config/types.js';
import { InputError, type SourcePos } from '../errors.js';
import { RECORD_FILE, type BuildRecord } from './record.js';

/** Records are JSON written by kiln: errors point at the file itself. */
export const recordPos = (file: string): SourcePos => ({ file, line: 1, col: 1 });

const REQUIRED = [
  'name',
  'arch',
  'key',
  'format',
  'file',
  'sha256',
  'sha512',
  'git_sha',
  'built_at',
] as const;
const HEX = { sha256: /^[0-9a-f]{64}$/, sha512: /^[0-9a-f]{128}$/ };

/** The image a record path belongs to: `<name>/<arch>/record.json`. */
const imageOfRecordPath = (path: string): string => basename(dirname(dirname(path)));

/**
 * Paths of every record.json below `dir` (only the named images' when `names` is given), sorted by
 * their path below `dir`. A missing `dir` is bad input, with `hint` saying how to make it.
 */
export async function listRecordFiles(
  dir: string,
  names?: readonly string[],
  hint?: string,
): Promise<string[]> {
  const paths: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (d === dir && err.code === 'ENOENT')
        throw new InputError(`folder ${dir} does not exist`, undefined, hint);
      throw err;
    });
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name === RECORD_FILE && (!names || names.includes(imageOfRecordPath(p)))) paths.push(p);
    }
  };
  await walk(dir);
  return paths.sort((a, b) => relative(dir, a).localeCompare(relative(dir, b)));
}

/** Parses and checks a record: every field later stages rely on, a known arch, hex digests, its folders. */
export async function readRecordFile(path: string): Promise<BuildRecord> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new InputError(`not a valid build record: ${(err as Error).message}`, recordPos(path));
  }
  const missing: string[] = REQUIRED.filter((k) => typeof raw?.[k] !== 'string' || !raw[k]);
  if (typeof raw?.size !== 'number') missing.push('size');
  if (missing.length) throw new InputError(`build record lacks ${missing.join(', ')}`, recordPos(path));
  const record = raw as unknown as BuildRecord;
  if (!(ARCHES as readonly string[]).includes(record.arch)) {
    throw new InputError(
      `build record has unknown arch '${record.arch}' (expected ${ARCHES.join(' or ')})`,
      recordPos(path),
    );
  }
  for (const algo of ['sha256', 'sha512'] as const) {
    if (!HEX[algo].test(record[algo])) {
      throw new InputError(`build record's ${algo} is not a hex digest`, recordPos(path));
    }
  }
  if (isAbsolute(record.file) || record.file.split(/[\\/]/).some((part) => part === '..' || part === '')) {
    throw new InputError(
      `build record's file '${record.file}' must be a plain relative path inside the record's folder`,
      recordPos(path),
      'kiln build writes the image file beside record.json; rebuild rather than editing the record',
    );
  }
  const folder = basename(dirname(path));
  if (record.name !== imageOfRecordPath(path) || record.arch !== folder) {
    throw new InputError(
      `build record is for ${record.name} (${record.arch}) but sits in ${imageOfRecordPath(path)}/${folder}/`,
      recordPos(path),
      'records live at <name>/<arch>/record.json',
    );
  }
  return record;
}

/** A build record with its image file. */
export interface RecordWithImage {
  record: BuildRecord;
  /** Path of record.json. */
  path: string;
  /** Path of the image file. */
  file: string;
}

/**
 * The path of a record's image file, or undefined when there is none. readRecordFile has checked the
 * name; a symlink is followed only while it stays inside the record's folder, so a record can never
 * make kiln read (and upload) a file from elsewhere on the machine.
 */
export async function recordImageFile(path: string, record: BuildRecord): Promise<string | undefined> {
  const file = join(dirname(path), record.file);
  const real = await realpath(file).catch(() => undefined);
  if (!real) return undefined;
  const folder = await realpath(dirname(path));
  if (!real.startsWith(folder + sep)) {
    throw new InputError(
      `image file ${record.file} named by the build record leads outside the record's folder (to ${real})`,
      recordPos(path),
      'the image file must be a regular file beside record.json (a symlink may only point inside that folder)',
    );
  }
  return file;
}

/** Reads a record whose image file must exist beside it; `size` is that file's size on disk. */
export async function readRecordWithImage(path: string): Promise<RecordWithImage & { size: number }> {
  const record = await readRecordFile(path);
  const file = await recordImageFile(path, record);
  const st = file ? await stat(file).catch(() => undefined) : undefined;
  if (!file || !st?.isFile()) {
    throw new InputError(`image file ${record.file} named by the build record is missing`, recordPos(path));
  }
  return { record, path, file, size: st.size };
}

/** One error for each named image that has no record among `paths`. */
export function missingRecordErrors(
  paths: readonly string[],
  names: readonly string[],
  dir: string,
): InputError[] {
  const present = new Set(paths.map(imageOfRecordPath));
  return names
    .filter((n) => !present.has(n))
    .map(
      (n) =>
        new InputError(
          `no build record for '${n}' under ${dir}`,
          undefined,
          `expected ${n}/<arch>/${RECORD_FILE}; run kiln build ${n} first`,
        ),
    );
}

/** Runs `fn` on each item, collecting input errors instead of stopping at the first. */
export async function collectInputErrors<T, R>(
  items: readonly T[],
  fn: (item: T) => Promise<R>,
  errors: InputError[],
): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) {
    try {
      out.push(await fn(item));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push(err);
    }
  }
  return out;
}
