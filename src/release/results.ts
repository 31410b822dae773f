// Finding the results of every build/publish job under one folder. Workflow artifacts are downloaded
// as one folder per job, so records sit at any depth: `<...>/<name>/<arch>/record.json`, with the
// publish results of that build beside them (`publish-<site>.json`, src/publish/result-file.ts).
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { RECORD_FILE, type BuildRecord } from '../build/record.js';
import { ARCHES, type Arch } from '../config/types.js';
import { InputError, InputErrors } from '../errors.js';

/** What the release needs from one publish result file. */
export interface PublishedImage {
  site: string;
  cloud: string;
  image_id: string;
  image_name: string;
  disk_format?: string;
  visibility?: string;
  published_at?: string;
}

export interface BuildResult {
  record: BuildRecord;
  /** Folder holding record.json (the image file is relative to it). */
  dir: string;
  /** Path of record.json, for messages. */
  path: string;
  published: PublishedImage[];
}

const PUBLISH_FILE = /^publish-(.+)\.json$/;

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`${path}: not valid JSON: ${(err as Error).message}`);
  }
}

const str = (o: Record<string, unknown>, key: string): string | undefined =>
  typeof o[key] === 'string' && o[key] ? (o[key] as string) : undefined;

function checkRecord(raw: unknown, path: string): BuildRecord {
  const r = raw as Record<string, unknown>;
  const missing = ['name', 'arch', 'key', 'format', 'file', 'sha256', 'sha512', 'git_sha'].filter(
    (k) => typeof r?.[k] !== 'string' || !r[k],
  );
  if (typeof r?.size !== 'number') missing.push('size');
  if (missing.length) throw new InputError(`${path}: not a kiln build record: missing ${missing.join(', ')}`);
  if (!(ARCHES as readonly string[]).includes(r.arch as string)) {
    throw new InputError(
      `${path}: unknown architecture '${String(r.arch)}' (expected ${ARCHES.join(' or ')})`,
    );
  }
  return raw as BuildRecord;
}

function checkPublished(raw: unknown, path: string, siteFromName: string): PublishedImage {
  const o = (raw ?? {}) as Record<string, unknown>;
  const image_id = str(o, 'image_id');
  const image_name = str(o, 'image_name');
  const cloud = str(o, 'cloud');
  if (!image_id || !image_name || !cloud) {
    throw new InputError(`${path}: not a kiln publish result: needs cloud, image_id and image_name`);
  }
  return {
    site: str(o, 'site') ?? siteFromName,
    cloud,
    image_id,
    image_name,
    disk_format: str(o, 'disk_format'),
    visibility: str(o, 'visibility'),
    published_at: str(o, 'published_at'),
  };
}

/** Every build record below `root`, with the publish results beside it; sorted by path. */
export async function findResults(root: string): Promise<BuildResult[]> {
  const out: BuildResult[] = [];
  const errors: InputError[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && dir === root) {
        throw new InputError(`results folder ${root} does not exist`);
      }
      throw err;
    }
    const names = entries.filter((e) => e.isFile()).map((e) => e.name);
    if (names.includes(RECORD_FILE)) {
      const path = join(dir, RECORD_FILE);
      try {
        const record = checkRecord(await readJson(path), path);
        const published = [];
        for (const n of names.sort()) {
          const m = PUBLISH_FILE.exec(n);
          if (m) published.push(checkPublished(await readJson(join(dir, n)), join(dir, n), m[1]!));
        }
        out.push({ record, dir, path, published });
      } catch (err) {
        if (err instanceof InputError) errors.push(err);
        else throw err;
      }
    }
    for (const e of entries) if (e.isDirectory()) await walk(join(dir, e.name));
  };
  await walk(root);
  if (errors.length) throw new InputErrors(errors);
  return out.sort((a, b) => relative(root, a.path).localeCompare(relative(root, b.path)));
}

export const buildId = (name: string, arch: Arch) => `${name} (${arch})`;
