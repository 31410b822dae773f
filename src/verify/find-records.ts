// The build records `kiln test` works on: `<dir>/**/<name>/<arch>/record.json` for the named images
// (any depth, so merged workflow artifacts work), each with its image file present.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { RECORD_FILE, type BuildRecord } from '../build/record.js';
import { ARCHES } from '../config/types.js';
import { InputError, InputErrors } from '../errors.js';

export interface RecordToTest {
  record: BuildRecord;
  recordPath: string;
  imagePath: string;
}

const at = (file: string) => ({ file, line: 1, col: 1 });

async function readRecord(path: string): Promise<RecordToTest> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new InputError(`not a valid build record: ${(err as Error).message}`, at(path));
  }
  const missing = ['name', 'arch', 'format', 'file'].filter((k) => typeof raw?.[k] !== 'string' || !raw[k]);
  if (missing.length) throw new InputError(`build record lacks ${missing.join(', ')}`, at(path));
  const record = raw as unknown as BuildRecord;
  if (!(ARCHES as readonly string[]).includes(record.arch)) {
    throw new InputError(
      `build record has unknown arch '${record.arch}' (expected ${ARCHES.join(' or ')})`,
      at(path),
    );
  }
  const imagePath = join(dirname(path), record.file);
  if (!(await stat(imagePath).catch(() => undefined))?.isFile()) {
    throw new InputError(`image file ${record.file} named by the build record is missing`, at(path));
  }
  return { record, recordPath: path, imagePath };
}

/** Records of the named images below `dir`, in path order; every name must have at least one. */
export async function findRecordsToTest(dir: string, names: readonly string[]): Promise<RecordToTest[]> {
  const paths: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (d === dir && err.code === 'ENOENT') {
        throw new InputError(
          `build output folder ${dir} does not exist`,
          undefined,
          'run kiln build first, or pass --output DIR',
        );
      }
      throw err;
    });
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name === RECORD_FILE && names.includes(basename(dirname(dirname(p))))) paths.push(p);
    }
  };
  await walk(dir);
  paths.sort((a, b) => relative(dir, a).localeCompare(relative(dir, b)));
  const found: RecordToTest[] = [];
  const errors: InputError[] = [];
  for (const p of paths) {
    try {
      const r = await readRecord(p);
      // The folders say which image and arch a record is for; a record saying otherwise was moved.
      if (r.record.name !== basename(dirname(dirname(p))) || r.record.arch !== basename(dirname(p))) {
        throw new InputError(
          `build record is for ${r.record.name} (${r.record.arch}) but sits in ${relative(dir, dirname(p))}/`,
          at(p),
        );
      }
      found.push(r);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push(err);
    }
  }
  for (const name of names) {
    if (!paths.some((p) => basename(dirname(dirname(p))) === name)) {
      errors.push(
        new InputError(
          `no build record for '${name}' under ${dir}`,
          undefined,
          `run kiln build ${name} first`,
        ),
      );
    }
  }
  if (errors.length) throw new InputErrors(errors);
  return found;
}
