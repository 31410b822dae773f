// Files an image declares under `artifacts:` (EULA tarballs, vendor runfiles), from a URL or from an
// object in a site's Swift (object-artifact.ts opens those): downloaded once into a
// content-addressed cache `<cache>/artifacts/sha256/<hex>`, hashed while downloading and kept only
// when the hash matches the one the config pins. A later build with the same sha256 reuses the file.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type { Artifact } from '../config/types.js';
import { WorldError } from '../errors.js';

function artifactPath(cache: string, sha256: string): string {
  return join(cache, 'artifacts', 'sha256', sha256.toLowerCase());
}

export interface FetchArtifactOptions {
  cache: string;
  /** For messages: "ubuntu-22.04-cuda: CUDA_RUN". */
  label: string;
  signal?: AbortSignal;
  /** Opens an object-store artifact (`object` in `container` of `site`); without it they are refused. */
  openObject?: (artifact: ObjectArtifact, o: { target: string; signal?: AbortSignal }) => Promise<Readable>;
}

export type ObjectArtifact = Required<Pick<Artifact, 'object' | 'container' | 'site'>>;

/** Where an artifact comes from, for messages: its URL, or `site:container/object`. */
function artifactSource(artifact: Pick<Artifact, 'url' | 'object' | 'container' | 'site'>): string {
  return artifact.url ?? `${artifact.site}:${artifact.container}/${artifact.object}`;
}

/** The local path of the artifact, downloading it if the cache does not have it yet. */
export async function fetchArtifact(
  artifact: Pick<Artifact, 'url' | 'object' | 'container' | 'site' | 'sha256'>,
  options: FetchArtifactOptions,
) {
  const want = artifact.sha256.toLowerCase();
  const dest = artifactPath(options.cache, want);
  if (
    await stat(dest).then(
      (s) => s.isFile(),
      () => false,
    )
  )
    return dest;
  await mkdir(join(options.cache, 'artifacts', 'sha256'), { recursive: true });
  const tmp = `${dest}.${process.pid}.${Date.now()}.part`;
  const hash = createHash('sha256');
  const target = `${options.label} from ${artifactSource(artifact)}`;
  try {
    const source =
      artifact.url !== undefined
        ? await openSource(artifact.url, target, options.signal)
        : await openObjectArtifact(artifact, target, options);
    const hashing = async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        yield chunk;
      }
    };
    await pipeline(source, hashing, createWriteStream(tmp), { signal: options.signal });
  } catch (err) {
    await rm(tmp, { force: true });
    if (err instanceof WorldError) throw err;
    throw new WorldError(
      { doing: 'downloading artifact', target, answer: (err as Error).message },
      { cause: err },
    );
  }
  const got = hash.digest('hex');
  if (got !== want) {
    await rm(tmp, { force: true });
    throw new WorldError({
      doing: 'checking the sha256 of artifact',
      target,
      answer: `expected ${want} (from the config) but the download has ${got}`,
    });
  }
  await rename(tmp, dest);
  return dest;
}

function openObjectArtifact(
  artifact: Pick<Artifact, 'object' | 'container' | 'site'>,
  target: string,
  o: FetchArtifactOptions,
) {
  if (!o.openObject) throw new Error('object-store artifacts need a connection to the site');
  const { object, container, site } = artifact;
  return o.openObject({ object: object!, container: container!, site: site! }, { target, signal: o.signal });
}

async function openSource(url: string, target: string, signal?: AbortSignal): Promise<Readable> {
  if (url.startsWith('file:')) return createReadStream(fileURLToPath(url));
  const res = await fetch(url, { signal, redirect: 'follow' });
  if (!res.ok || !res.body) {
    throw new WorldError({
      doing: 'downloading artifact',
      target,
      answer: `HTTP ${res.status} ${res.statusText}`,
    });
  }
  return Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
}
