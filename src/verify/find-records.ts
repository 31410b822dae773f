// The build records `kiln test` works on (src/build/record-files.ts), each with its image file present.
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

export interface RecordToTest {
  record: BuildRecord;
  recordPath: string;
  imagePath: string;
}

async function readWithImage(recordPath: string): Promise<RecordToTest> {
  const record = await readRecordFile(recordPath);
  const imagePath = join(dirname(recordPath), record.file);
  if (!(await stat(imagePath).catch(() => undefined))?.isFile()) {
    throw new InputError(
      `image file ${record.file} named by the build record is missing`,
      recordPos(recordPath),
    );
  }
  return { record, recordPath, imagePath };
}

/** Records of the named images below `dir`, in path order; every name must have at least one. */
export async function findRecordsToTest(dir: string, names: readonly string[]): Promise<RecordToTest[]> {
  const paths = await listRecordFiles(dir, names, 'run kiln build first, or pass --output DIR');
  const errors: InputError[] = [];
  const found = await collectInputErrors(paths, readWithImage, errors);
  errors.push(...missingRecordErrors(paths, names, dir));
  if (errors.length) throw new InputErrors(errors);
  return found;
}
