// The build records of the images to publish, each checked complete (src/build/record-files.ts) and
// with its image file present at the recorded size. The hashes are checked while uploading.
import {
  collectInputErrors,
  listRecordFiles,
  missingRecordErrors,
  readRecordWithImage,
  recordPos,
  type RecordWithImage,
} from '../build/record-files.js';
import { InputError, InputErrors } from '../errors.js';

export type FoundRecord = RecordWithImage;

async function readWithImage(path: string): Promise<FoundRecord> {
  const { size, ...found } = await readRecordWithImage(path);
  if (size !== found.record.size) {
    throw new InputError(
      `image file ${found.record.file} has ${size} bytes but the build record says ${found.record.size}`,
      recordPos(path),
      'the file changed after the build; rebuild it',
    );
  }
  return found;
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
