// The build records of the images to publish, each checked complete (src/build/record-files.ts) and
// with its image file present at the recorded size. The hashes are checked while uploading.
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BuildRecord } from '../build/record.js';
import {
  collectInputErrors,
  listRecordFiles,
  missingRecordErrors,
  readRecordFile,
  recordPos,
} from '../build/record-files.js';
import { InputError, InputErrors } from '../errors.js';

export interface FoundRecord {
  record: BuildRecord;
  /** Path of record.json. */
  path: string;
  /** Absolute path of the image file. */
  file: string;
}

async function readWithImage(path: string): Promise<FoundRecord> {
  const record = await readRecordFile(path);
  const file = join(dirname(path), record.file);
  const st = await stat(file).catch(() => undefined);
  if (!st?.isFile()) {
    throw new InputError(`image file ${record.file} named by the build record is missing`, recordPos(path));
  }
  if (st.size !== record.size) {
    throw new InputError(
      `image file ${record.file} has ${st.size} bytes but the build record says ${record.size}`,
      recordPos(path),
      'the file changed after the build; rebuild it',
    );
  }
  return { record, path, file };
}

/** Records of the named images below `from`, in path order; every name must have at least one. */
export async function findRecords(from: string, names: string[]): Promise<FoundRecord[]> {
  const paths = await listRecordFiles(from, names, 'run kiln build first, or pass --from DIR');
  const errors: InputError[] = [];
  const found = await collectInputErrors(paths, readWithImage, errors);
  const seen = new Map<string, string>();
  for (const r of found) {
    const id = `${r.record.name}/${r.record.arch}`;
    const other = seen.get(id);
    if (other) {
      errors.push(
        new InputError(`a second build record for ${id} (the first is ${other})`, recordPos(r.path)),
      );
    }
    seen.set(id, r.path);
  }
  errors.push(...missingRecordErrors(paths, names, from));
  if (errors.length) throw new InputErrors(errors);
  return found;
}
