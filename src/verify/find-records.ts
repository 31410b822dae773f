// The build records `kiln test` works on (src/record/record-files.ts), each with its image file present.
import {
  collectInputErrors,
  listRecordFiles,
  missingRecordErrors,
  readRecordWithImage,
  type RecordWithImage,
} from '../record/record-files.js';
import { InputErrors, type InputError } from '../errors.js';

/** Records of the named images below `dir`, in path order; every name must have at least one. */
export async function findRecordsToTest(dir: string, names: readonly string[]): Promise<RecordWithImage[]> {
  const paths = await listRecordFiles(dir, names, 'run kiln build first, or pass --output DIR');
  const errors: InputError[] = [];
  const found = await collectInputErrors(paths, readRecordWithImage, errors);
  errors.push(...missingRecordErrors(paths, names, dir));
  if (errors.length) throw new InputErrors(errors);
  return found;
}
