// The local build index: finished builds kept by build key under `<cache>/builds/<key>/` (the image
// file, its record.json and its SBOM when it has one), so that unchanged inputs are not rebuilt. An entry appears by renaming a
// complete folder into place, so a crash never leaves an entry without its image. The index also
// remembers how long each image took, which the scheduler uses as its estimate.
import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Arch } from '../config/types.js';
import { RECORD_FILE, recordDir, writeRecord, type BuildRecord } from '../record/record.js';
import { writeOwner } from './scratch-owner.js';

export interface IndexEntry {
  /** The entry's folder (image file + record.json). */
  dir: string;
  record: BuildRecord;
}

export interface ExportedBuild {
  record: BuildRecord;
  recordPath: string;
  imagePath: string;
}

const HISTORY = 'durations.json';
const WORK_PREFIX = '.work-';

/** The pid of the kiln that made a scratch folder of this name, or undefined for other names. */
export function workDirPid(name: string): number | undefined {
  const m = /-(\d+)$/.exec(name);
  return name.startsWith(WORK_PREFIX) && m ? Number(m[1]) : undefined;
}

export class BuildIndex {
  readonly root: string;
  /** The last update of durations.json in this kiln: the next waits for it. */
  private history: Promise<void> = Promise.resolve();
  constructor(cache: string) {
    this.root = join(cache, 'builds');
  }

  entryDir(key: string): string {
    return join(this.root, key);
  }

  /** The complete entry for this key and image, or undefined. */
  async lookup(key: string, name: string, arch: Arch): Promise<IndexEntry | undefined> {
    const dir = this.entryDir(key);
    const record = await readFile(join(dir, RECORD_FILE), 'utf8').then(
      (t) => JSON.parse(t) as BuildRecord,
      () => undefined,
    );
    if (!record || record.key !== key || record.name !== name || record.arch !== arch) return undefined;
    const st = await stat(join(dir, record.file)).catch(() => undefined);
    if (!st?.isFile() || st.size !== record.size) return undefined;
    if (record.sbom && !(await stat(join(dir, record.sbom)).catch(() => undefined))) return undefined;
    return { dir, record };
  }

  /**
   * Moves a finished image (its record, and the SBOM the record names, which sits in `work`) into
   * the index, replacing an earlier entry of the key.
   * The entry is put together, and the one it replaces set aside, inside `work` (the build's scratch
   * folder): a kiln killed half-way leaves them in a folder the next `kiln build` sweeps.
   * `timed`: the record's duration is a build's, worth remembering as the next estimate (a promotion's
   * download time is not).
   */
  async store(work: string, imagePath: string, record: BuildRecord, timed = true): Promise<IndexEntry> {
    const dir = this.entryDir(record.key);
    const staging = join(work, 'index-entry');
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    await moveFile(imagePath, join(staging, record.file));
    if (record.sbom) await moveFile(join(work, record.sbom), join(staging, record.sbom));
    await writeRecord(staging, record);
    const replaced = join(work, 'replaced-entry');
    await rm(replaced, { recursive: true, force: true });
    await rename(dir, replaced).catch(() => undefined);
    await rename(staging, dir);
    await rm(replaced, { recursive: true, force: true });
    if (timed) await this.rememberDuration(record);
    return { dir, record };
  }

  /**
   * A scratch folder for one build, on the same filesystem as the index, marked as this process's so
   * that a later kiln can tell whether it is stale (stale-scratch.ts).
   */
  async workDir(key: string): Promise<string> {
    const dir = join(this.root, `${WORK_PREFIX}${key.slice(0, 16)}-${process.pid}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeOwner(dir);
    return dir;
  }

  /** Seconds the last build of each `name/arch` took. */
  async durations(): Promise<Record<string, number>> {
    return readFile(join(this.root, HISTORY), 'utf8').then(
      (t) => JSON.parse(t) as Record<string, number>,
      () => ({}),
    );
  }

  /**
   * Builds that finish together in one kiln (`--threads`) update the file one after another: they
   * shared one temporary file name, and the second rename failed its build. Between two kilns a lost
   * update does no harm: it is only an estimate for ordering builds.
   */
  private rememberDuration(record: BuildRecord): Promise<void> {
    const update = this.history.then(async () => {
      const all = await this.durations();
      all[`${record.name}/${record.arch}`] = record.duration_s;
      const tmp = join(this.root, `${HISTORY}.${process.pid}`);
      await writeFile(tmp, JSON.stringify(all, null, 1));
      await rename(tmp, join(this.root, HISTORY));
    });
    this.history = update.catch(() => {}); // the failed build reports it; the next update goes on
    return update;
  }
}

/** Rename, or copy and delete when the file is on another filesystem (a Packer template's choice). */
export async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}

/**
 * Copies an index entry to `<output>/<name>/<arch>/` (image, SBOM, record.json). A copy, not a link: later
 * stages may write into the output (test results) and must never change the cached image.
 */
export async function exportBuild(entry: IndexEntry, output: string): Promise<ExportedBuild> {
  const dir = recordDir(output, entry.record.name, entry.record.arch);
  await mkdir(dir, { recursive: true });
  const imagePath = join(dir, basename(entry.record.file));
  const tmp = `${imagePath}.${process.pid}.part`;
  await copyFile(join(entry.dir, entry.record.file), tmp, constants.COPYFILE_FICLONE);
  await rename(tmp, imagePath);
  if (entry.record.sbom) await copyFile(join(entry.dir, entry.record.sbom), join(dir, entry.record.sbom));
  const recordPath = await writeRecord(dir, entry.record);
  return { record: entry.record, recordPath, imagePath };
}
