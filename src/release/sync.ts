// `kiln sync`: bring the images of a release manifest into another cloud. Per entry: first what an
// interrupted sync or publish left is repaired exactly as publish repairs it (publish/site-repair.ts);
// then an image of that name with the manifest's sha512 is already there (skip); one with other bytes
// is an error naming both hashes (never replaced silently); else download with verification, convert
// if the cloud wants another format, and upload through publish's staging and take-the-name steps, so
// that the name appears only on a verified image and an interrupted run leaves nothing a re-run trips
// over.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildRecord } from '../record/record.js';
import { InputError, WorldError } from '../errors.js';
import type { Runner } from '../exec.js';
import type { Logger } from '../log.js';
import type { GlanceClient, GlanceImage, UploadResult } from '../openstack/glance-types.js';
import { Converter, type UploadFile } from '../publish/convert.js';
import { isStaging, prop, PROP } from '../publish/kiln-markers.js';
import { publishedProperties } from '../publish/properties.js';
import { stage, type Staged } from '../publish/staging.js';
import { describeRepair } from '../publish/repair.js';
import { repairSite } from '../publish/site-repair.js';
import { takeName, type SwapContext } from '../publish/swap.js';
import { imageInfo } from '../image-build/make-record.js';
import type { WrittenFile } from '../image-build/verified-write.js';
import { KILN_VERSION } from '../version.js';
import { downloadVerified, openDownload } from './download.js';
import type { SyncEntry, SyncManifest } from './sync-manifest.js';
import { syncSignature, type SyncSigning } from './sync-signature.js';

export type Visibility = 'public' | 'private' | 'shared' | 'community';

export interface SyncRequest {
  manifest: SyncManifest;
  /** Where the manifest came from, for messages. */
  source: string;
  only?: string[];
  diskFormat?: string;
  visibility: Visibility;
  dryRun?: boolean;
  /** Downloads and conversions go below this folder (a temporary folder inside it, removed at the end). */
  workDir: string;
}

export interface SyncDeps {
  glance: GlanceClient;
  /** For manifests of signed images (docs/signing.md). */
  signing?: SyncSigning;
  runner: Runner;
  logger: Logger;
  signal?: AbortSignal;
  now?: () => Date;
}

export interface SyncOutcome {
  name: string;
  status: 'present' | 'uploaded' | 'would-upload' | 'failed';
  image_id?: string;
  detail?: string;
}

/** The entry and its downloaded file in the shape publish's helpers take (conversion, provenance). */
function recordOf(entry: SyncEntry, file: WrittenFile, format: string): BuildRecord {
  const k = entry.kiln;
  return {
    name: k?.image ?? entry.name,
    arch: k?.arch ?? 'amd64',
    // Staging names carry a key; other projects' images have none, a hash of the file serves.
    key: k?.build_key ?? (file.sha256 || file.sha512),
    builder: k?.builder === 'packer' ? 'packer' : 'dib',
    builder_version: k?.builder_version ?? '',
    format,
    file: '',
    size: file.size,
    virtual_size: k?.virtual_size ?? 0,
    sha256: file.sha256,
    sha512: file.sha512,
    git_sha: k?.git_sha ?? '',
    built_at: k?.built_at ?? '',
    duration_s: 0,
  };
}

/**
 * Glance properties: a kiln entry's with kiln's provenance; another project's with the source hashes
 * (a download going straight into Glance knows only those the manifest gives).
 */
function syncProperties(name: string, entry: SyncEntry, record: BuildRecord): Record<string, string> {
  if (entry.kiln) return publishedProperties(name, entry, { properties: {} }, record);
  return {
    ...entry.properties,
    [PROP.target]: name,
    ...(record.sha512 && { [PROP.sourceSha512]: record.sha512 }),
    ...(record.sha256 && { [PROP.sourceSha256]: record.sha256 }),
    [PROP.version]: KILN_VERSION,
  };
}

/** The sha512 of the manifest file an image holds: kiln's record of its source when it was converted. */
const sourceSha512 = (image: GlanceImage) =>
  prop(image, PROP.sourceSha512) ?? image.os_hash_value ?? undefined;

/** Whether an image holds the entry's file, by the hash the manifest gives (sha512 when it has both). */
const holds = (image: GlanceImage, entry: SyncEntry) =>
  entry.sha512 ? sourceSha512(image) === entry.sha512 : prop(image, PROP.sourceSha256) === entry.sha256;

/** `--only` takes an entry's key or its image name (they differ in azimuth-images manifests). */
function selectEntries(req: SyncRequest): [string, SyncEntry][] {
  const names = Object.keys(req.manifest).sort();
  const only = req.only ?? [];
  const known = (n: string) => names.includes(n) || names.some((k) => req.manifest[k]!.name === n);
  const unknown = only.filter((n) => !known(n));
  if (unknown.length) {
    throw new InputError(
      `--only names what ${req.source} does not hold: ${unknown.join(', ')}`,
      undefined,
      `it holds ${names.join(', ')}`,
    );
  }
  return names
    .filter((n) => !only.length || only.includes(n) || only.includes(req.manifest[n]!.name))
    .map((n) => [n, req.manifest[n]!]);
}

/** Images named `name` the project can see, its own and other projects' community images. */
async function visibleImages(glance: GlanceClient, name: string): Promise<GlanceImage[]> {
  const lists = await Promise.all([
    glance.listImages({ name }),
    glance.listImages({ name, visibility: 'community' }),
  ]);
  const byId = new Map(lists.flat().map((i) => [i.id, i]));
  return [...byId.values()];
}

/** Every selected entry, in name order; an image that fails is reported in its outcome and the others go on. */
export async function sync(req: SyncRequest, deps: SyncDeps): Promise<SyncOutcome[]> {
  const { glance, logger } = deps;
  const entries = selectEntries(req);
  for (const [key, e] of entries) {
    const format = req.diskFormat ?? e.disk_format;
    if (format) Converter.check(format, `${req.source}: ${key}`);
  }
  await mkdir(req.workDir, { recursive: true });
  const work = await mkdtemp(join(req.workDir, 'kiln-sync-'));
  const outcomes: SyncOutcome[] = [];
  try {
    for (const [, entry] of entries) {
      const { name } = entry;
      // A stop (SIGINT/SIGTERM) ends the run between images; the image in flight was cleaned up.
      if (deps.signal?.aborted)
        throw new WorldError({ doing: 'syncing', answer: 'stopped (SIGINT/SIGTERM)' });
      const target = `${name} on ${glance.label}`;
      try {
        outcomes.push(await syncOne(req, deps, work, entry, target));
      } catch (err) {
        if (err instanceof InputError) throw err;
        // Stopped mid-image: the download or staging image was abandoned and cleaned up, nothing named.
        if (deps.signal?.aborted)
          throw new WorldError({
            doing: 'syncing',
            target,
            answer: 'stopped (SIGINT/SIGTERM) at a safe point',
          });
        logger.error(`${target}: ${(err as Error).message}`);
        outcomes.push({ name, status: 'failed', detail: (err as Error).message });
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return outcomes;
}

/** One message for the images that failed (adapters exit 1 with it), or undefined when none did. */
export function syncFailures(outcomes: SyncOutcome[]): string | undefined {
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (!failed.length) return undefined;
  return `${failed.length} of ${outcomes.length} images failed to sync:\n${failed.map((f) => `  ${f.name}: ${f.detail}`).join('\n')}`;
}

async function syncOne(
  req: SyncRequest,
  deps: SyncDeps,
  work: string,
  entry: SyncEntry,
  target: string,
): Promise<SyncOutcome> {
  const { glance, logger } = deps;
  const { name } = entry;
  const want = entry.sha512 ? `sha512 ${entry.sha512}` : `sha256 ${entry.sha256}`;
  const ctx: SwapContext = {
    glance,
    logger,
    name,
    visibility: req.visibility,
    target,
    now: deps.now ?? (() => new Date()),
  };
  // What an interrupted sync or publish left is repaired as publish repairs it (docs/design.md,
  // "How crashes converge"); a verified staging image of these very bytes is named without a download.
  const knownFormat = req.diskFormat ?? entry.disk_format;
  const state = await repairSite(
    ctx,
    {
      name,
      key: entry.kiln?.build_key ?? entry.sha256 ?? '',
      sourceSha512: entry.sha512 ?? '',
      diskFormat: knownFormat ?? '',
    },
    { dryRun: !!req.dryRun, signal: deps.signal },
  );
  if (req.dryRun) for (const r of state.repairs) logger.info(`${target}: would ${describeRepair(r)}`);
  // On a dry run a staging image that already holds the name still carries its tag: it counts as named.
  const named = new Set(state.repairs.flatMap((r) => (r.kind === 'untag-staging' ? [r.image.id] : [])));
  const images = await visibleImages(glance, name);
  const active = images.filter((i) => i.status === 'active' && (!isStaging(i) || named.has(i.id)));
  const same = active.find((i) => holds(i, entry));
  if (same) {
    logger.info(`${target}: already there as ${same.id} (same ${entry.sha512 ? 'sha512' : 'sha256'})`);
    return { name, status: 'present', image_id: same.id };
  }
  if (active.length) {
    const found = active.map((i) => `${i.id} has sha512 ${sourceSha512(i) ?? '(none)'}`).join('; ');
    throw new WorldError({
      doing: 'comparing with the image already there',
      target,
      answer: `an image named '${name}' holds other bytes: ${found}; the manifest says ${want}. Rename or delete it, or sync with --only to leave it out`,
    });
  }
  if (!entry.url)
    throw new WorldError({ doing: 'syncing', target, answer: `${req.source} gives no url for '${name}'` });
  if (req.dryRun) {
    const convert =
      knownFormat && entry.disk_format && knownFormat !== entry.disk_format
        ? `convert to ${knownFormat}, `
        : '';
    logger.info(`${target}: would download ${entry.url}, ${convert}and upload it (${req.visibility})`);
    return { name, status: 'would-upload' };
  }
  if (state.reusable) {
    logger.info(
      `${target}: naming verified staging image ${state.reusable.id}, uploaded by an interrupted run`,
    );
    const image = await takeName(ctx, state.reusable);
    return { name, status: 'uploaded', image_id: image.id };
  }

  const staged =
    (await stageStreamed(req, deps, ctx, entry)) ?? (await stageDownloaded(req, deps, ctx, entry, work));
  // The last refresh is at most HEARTBEAT_MS old: the image stays "alive" while it takes the name.
  await staged.heartbeat.pause();
  if (deps.signal?.aborted) {
    await glance.deleteImage(staged.image.id);
    throw new WorldError({
      doing: 'syncing',
      target,
      answer: 'stopped (SIGINT/SIGTERM) before naming the image',
    });
  }
  const image = await takeName(ctx, staged.image);
  logger.info(`${target}: uploaded as ${image.id} (${req.visibility})`);
  return { name, status: 'uploaded', image_id: image.id };
}

/** A staging image of `upload`, with the entry's properties (and signature, when it has one). */
async function stageAs(
  req: SyncRequest,
  deps: SyncDeps,
  ctx: SwapContext,
  entry: SyncEntry,
  record: BuildRecord,
  upload: UploadFile,
): Promise<Staged> {
  const signature = await syncSignature(
    req.source,
    entry.name,
    { signature: entry.kiln?.signature, disk_format: record.format },
    upload,
    deps.signing ?? {},
    deps.logger,
  );
  return stage(
    {
      glance: deps.glance,
      logger: deps.logger,
      now: ctx.now,
      name: entry.name,
      key: record.key,
      properties: { ...syncProperties(entry.name, entry, record), ...signature },
      target: ctx.target,
      signal: deps.signal,
    },
    upload,
  );
}

/**
 * The download going straight into a staging image, when its format is known and wanted as it is
 * and the server says its size: no disk, and the download overlaps the upload. The bytes are hashed
 * on their way and checked against the manifest before the image is marked verified. Undefined when
 * it does not apply, or when the attempt failed for a reason a download to disk may not meet (the
 * connection or Glance broke off, Keystone asked for the request again): the caller then downloads
 * to disk as before. Altered bytes and a stop are not retried.
 */
async function stageStreamed(
  req: SyncRequest,
  deps: SyncDeps,
  ctx: SwapContext,
  entry: SyncEntry,
): Promise<Staged | undefined> {
  const format = entry.disk_format;
  if (!format || (req.diskFormat ?? format) !== format) return undefined;
  const { logger } = deps;
  const url = entry.url!;
  const { body, size } = await openDownload(url, { label: entry.name, signal: deps.signal });
  if (size === undefined || !Number.isSafeInteger(size)) {
    body.destroy();
    return undefined;
  }
  if (entry.size !== undefined && size !== entry.size) {
    body.destroy();
    throw new WorldError({
      doing: `downloading ${url}`,
      target: ctx.target,
      answer: `the server sends ${size} bytes, ${req.source} says ${entry.size}; nothing was uploaded`,
    });
  }
  logger.info(`${ctx.target}: downloading ${url} straight into Glance`);
  let mismatch: WorldError | undefined;
  const check = (sent: UploadResult) => {
    const problem =
      entry.sha512 && sent.sha512 !== entry.sha512
        ? `sha512 of the download is ${sent.sha512}, the manifest says ${entry.sha512}`
        : !entry.sha512 && sent.sha256 !== entry.sha256
          ? `sha256 of the download is ${sent.sha256}, the manifest says ${entry.sha256}`
          : undefined;
    if (!problem) return;
    mismatch = new WorldError({
      doing: `verifying ${url}`,
      target: ctx.target,
      answer: `${problem}; the staging image was deleted, nothing was named`,
    });
    throw mismatch;
  };
  const upload: UploadFile = {
    path: url,
    format,
    stream: { body, size, sha256: !entry.sha512 },
    check,
  };
  const known = { size, sha256: entry.sha256 ?? '', sha512: entry.sha512 ?? '' };
  try {
    return await stageAs(req, deps, ctx, entry, recordOf(entry, known, format), upload);
  } catch (err) {
    if (err === mismatch || deps.signal?.aborted || err instanceof InputError) throw err;
    logger.warn(
      `${ctx.target}: ${(err as Error).message}; downloading to disk and uploading from there instead`,
    );
    return undefined;
  } finally {
    body.destroy();
  }
}

/** The download verified on disk first, converted if the cloud wants another format, then uploaded. */
async function stageDownloaded(
  req: SyncRequest,
  deps: SyncDeps,
  ctx: SwapContext,
  entry: SyncEntry,
  work: string,
): Promise<Staged> {
  const { logger } = deps;
  const { name } = entry;
  // The name comes from someone else's manifest: never a path (a '../' would write outside `work`).
  const file = join(work, `${createHash('sha256').update(name).digest('hex').slice(0, 16)}.download`);
  logger.info(`${ctx.target}: downloading ${entry.url}`);
  const written = await downloadVerified(entry.url!, file, entry, {
    logger,
    label: name,
    signal: deps.signal,
  });
  const sourceFormat = entry.disk_format ?? (await imageInfo(deps.runner, file)).diskFormat;
  const format = req.diskFormat ?? sourceFormat;
  if (!entry.disk_format) logger.info(`${ctx.target}: qemu-img reads the download as ${sourceFormat}`);
  const record = recordOf(entry, written, sourceFormat);
  // One converter per image, so its converted file can go as soon as it is uploaded: a release of
  // many large images must not pile up on the work disk.
  const upload = await new Converter(deps.runner, work, logger).fileFor(
    { record, path: req.source, file },
    format,
  );
  try {
    return await stageAs(req, deps, ctx, entry, record, upload);
  } finally {
    await rm(file, { force: true });
    await rm(upload.path, { force: true });
  }
}
