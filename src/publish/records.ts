// The build records of the images to publish, each checked complete (src/record/record-files.ts) and
// with its image file present at the recorded size. The hashes are checked while uploading, or by
// checkFileAgainstRecord when nothing is uploaded.
import {
  collectInputErrors,
  listRecordFiles,
  missingRecordErrors,
  readRecordWithImage,
  recordPos,
  type RecordWithImage,
} from '../record/record-files.js';
import { InputError, InputErrors } from '../errors.js';
import { hashFile } from '../openstack/background-hash.js';

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

/**
 * For a publish that uploads nothing (the site already holds the record's build): the file must still
 * be the record's, else a record edited or a file swapped after the build would be reported as
 * published. sha256 alone (SHA-NI makes it the fast one); an upload checks sha512 on the way instead.
 */
export async function checkFileAgainstRecord(found: FoundRecord): Promise<void> {
  const { sha256 } = await hashFile(found.file, ['sha256']);
  if (sha256 !== found.record.sha256) {
    throw new InputError(
      `image file ${found.record.file} has sha256 ${sha256} but the build record says ${found.record.sha256}; nothing was published`,
      recordPos(found.path),
      'the file or the record changed after the build; rebuild it',
    );
  }
}
