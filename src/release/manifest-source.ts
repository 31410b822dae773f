// Reading a release manifest for `kiln sync`: a local file or an http(s) URL (e.g. the release
// asset's download URL), kiln's or azimuth-images' format, checked before anything is touched.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError, WorldError } from '../errors.js';
import { parseSyncManifest, type SyncManifest } from './sync-manifest.js';

export async function loadManifest(source: string, cwd: string, signal?: AbortSignal): Promise<SyncManifest> {
  let text: string;
  if (/^https?:\/\//i.test(source)) {
    let res: Response;
    try {
      res = await fetch(source, { signal, redirect: 'follow' });
      text = await res.text();
    } catch (err) {
      throw new WorldError({
        doing: 'downloading the manifest',
        target: source,
        answer: (err as Error).message,
      });
    }
    if (!res.ok)
      throw new WorldError({
        doing: 'downloading the manifest',
        target: source,
        answer: `HTTP ${res.status}`,
      });
  } else {
    const path = resolve(cwd, source);
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new InputError(
        `cannot read manifest ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${source}: not valid JSON: ${(err as Error).message}`);
  }
  return parseSyncManifest(data, source);
}
