// Finding the build records of the images to publish: `<from>/**/<name>/<arch>/record.json` at any
// depth (downloaded workflow artifacts merged into one folder), and checking each one is complete
// and its image file is there with the recorded size. The hashes are checked while uploading.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { RECORD_FILE, type BuildRecord } from '../build/record.js';
import { ARCHES } from '../config/types.js';
import { InputError, InputErrors } from '../errors.js';

export interface FoundRecord {
  record: BuildRecord;
  /** Path of record.json. */
  path: string;
  /** Absolute path of the image file. */
  file: string;
}

const at = (file: string) => ({ file, line: 1, col: 1 });
const HEX = { sha256: /^[0-9a-f]{64}$/, sha512: /^[0-9a-f]{128}$/ };

async function readRecord(path: string): Promise<FoundRecord> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new InputError(`not a valid build record: ${(err as Error).message}`, at(path));
  }
  const missing = ['name', 'arch', 'key', 'format', 'file', 'sha256', 'sha512', 'git_sha', 'built_at'].filter(
    (k) => typeof raw?.[k] !== 'string' || !raw[k],
  );
  if (typeof raw?.size !== 'number') missing.push('size');
  if (missing.length) throw new InputError(`build record lacks ${missing.join(', ')}`, at(path));
  const record = raw as unknown as BuildRecord;
  if (!(ARCHES as readonly string[]).includes(record.arch)) {
    throw new InputError(
      `build record has unknown arch '${record.arch}' (expected ${ARCHES.join(' or ')})`,
      at(path),
    );
  }
  for (const algo of ['sha256', 'sha512'] as const) {
    if (!HEX[algo].test(record[algo]))
      throw new InputError(`build record's ${algo} is not a hex digest`, at(path));
  }
  const file = join(dirname(path), record.file);
  const st = await stat(file).catch(() => undefined);
  if (!st?.isFile())
    throw new InputError(`image file ${record.file} named by the build record is missing`, at(path));
  if (st.size !== record.size) {
    throw new InputError(
      `image file ${record.file} has ${st.size} bytes but the build record says ${record.size}`,
      at(path),
      'the file changed after the build; rebuild it',
    );
  }
  return { record, path, file };
}

/** Records of the named images below `from`, in path order; every name must have at least one. */
export async function findRecords(from: string, names: string[]): Promise<FoundRecord[]> {
  const paths: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (dir === from && err.code === 'ENOENT')
        throw new InputError(`build output folder ${from} does not exist`);
      throw err;
    });
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name === RECORD_FILE && names.includes(basename(dirname(dirname(p))))) paths.push(p);
    }
  };
  await walk(from);
  paths.sort((a, b) => relative(from, a).localeCompare(relative(from, b)));

  const found: FoundRecord[] = [];
  const errors: InputError[] = [];
  for (const p of paths) {
    try {
      const r = await readRecord(p);
      if (r.record.name !== basename(dirname(dirname(p)))) {
        throw new InputError(
          `build record is for '${r.record.name}' but sits in a folder named for another image`,
          at(p),
        );
      }
      found.push(r);
    } catch (err) {
      if (err instanceof InputError) errors.push(err);
      else throw err;
    }
  }
  const seen = new Map<string, string>();
  for (const r of found) {
    const id = `${r.record.name}/${r.record.arch}`;
    const other = seen.get(id);
    if (other)
      errors.push(new InputError(`a second build record for ${id} (the first is ${other})`, at(r.path)));
    seen.set(id, r.path);
  }
  for (const n of names) {
    if (!paths.some((p) => basename(dirname(dirname(p))) === n)) {
      errors.push(
        new InputError(
          `no build record for '${n}' under ${from}`,
          undefined,
          `expected ${n}/<arch>/${RECORD_FILE}; run kiln build ${n} first`,
        ),
      );
    }
  }
  if (errors.length) throw new InputErrors(errors);
  return found;
}
