// Finding the results of every build/publish job under one folder. Workflow artifacts are downloaded
// as one folder per job, so records sit at any depth: `<...>/<name>/<arch>/record.json`, with the
// publish results of that build beside them (`publish-<site>.json`, src/publish/result-file.ts).
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BuildRecord } from '../record/record.js';
import { collectInputErrors, listRecordFiles, readRecordFile, recordPos } from '../record/record-files.js';
import type { Arch } from '../config/types.js';
import { InputError, InputErrors } from '../errors.js';
import { manifestSignatureSchema, type ManifestSignature } from './manifest-schema.js';

/** What the release needs from one publish result file. */
export interface PublishedImage {
  site: string;
  cloud: string;
  image_id: string;
  image_name: string;
  disk_format?: string;
  visibility?: string;
  published_at?: string;
  /** The certificate the image's Glance signature verifies with (signed images only). */
  signing_certificate_sha256?: string;
  signature?: ManifestSignature;
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
    throw new InputError(`not valid JSON: ${(err as Error).message}`, recordPos(path));
  }
}

const str = (o: Record<string, unknown>, key: string): string | undefined =>
  typeof o[key] === 'string' && o[key] ? (o[key] as string) : undefined;

/** The signature object of a publish result, when it has every field (else it is left out). */
function signatureOf(raw: unknown): ManifestSignature | undefined {
  const parsed = manifestSignatureSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

function checkPublished(raw: unknown, path: string, siteFromName: string): PublishedImage {
  const o = (raw ?? {}) as Record<string, unknown>;
  const image_id = str(o, 'image_id');
  const image_name = str(o, 'image_name');
  const cloud = str(o, 'cloud');
  if (!image_id || !image_name || !cloud) {
    throw new InputError('not a kiln publish result: needs cloud, image_id and image_name', recordPos(path));
  }
  return {
    site: str(o, 'site') ?? siteFromName,
    cloud,
    image_id,
    image_name,
    disk_format: str(o, 'disk_format'),
    visibility: str(o, 'visibility'),
    published_at: str(o, 'published_at'),
    signing_certificate_sha256: str(o, 'signing_certificate_sha256'),
    signature: signatureOf(o.signature),
  };
}

/** Every build record below `root`, with the publish results beside it; sorted by path. */
export async function findResults(root: string): Promise<BuildResult[]> {
  const errors: InputError[] = [];
  const results = await collectInputErrors(
    await listRecordFiles(root),
    async (path) => {
      const record = await readRecordFile(path);
      const dir = dirname(path);
      const published = [];
      for (const n of (await readdir(dir)).sort()) {
        const m = PUBLISH_FILE.exec(n);
        if (m) published.push(checkPublished(await readJson(join(dir, n)), join(dir, n), m[1]!));
      }
      return { record, dir, path, published };
    },
    errors,
  );
  if (errors.length) throw new InputErrors(errors);
  return results;
}

export const buildId = (name: string, arch: Arch) => `${name} (${arch})`;
