// The Glance v2 client kiln uses (GlanceClient over a Keystone session). Reads (GET, list), deletes,
// tag changes and pure `replace` patches are repeated on 5xx answers and broken connections, with
// backoff; a create or an upload never is: repeating one could leave a second image or a half-written
// one, so the publish protocol decides what to do instead.
// On the run's stop (SIGINT/SIGTERM) reads, uploads and waits give up at once; changes (create, patch,
// tag, delete) are short and always finish (bounded by the HTTP timeout), so a stop never cuts a swap
// or a clean-up in half.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { WorldError } from '../errors.js';
import type { Logger } from '../log.js';
import { describeAnswer } from './api-answer.js';
import type {
  CreateImageRequest,
  GlanceClient,
  GlanceImage,
  ImageQuery,
  PatchOp,
  ImageStream,
  UploadOptions,
  UploadResult,
} from './glance-types.js';
import { TransportError, type HttpResponse } from './http.js';
import type { KeystoneSession, ServiceRequest } from './keystone.js';
import { hashingReader, transferProgress, type HashingReader } from './upload-stream.js';

const JSON_PATCH = 'application/openstack-images-v2.1-json-patch';
const TERMINAL = ['killed', 'deleted', 'pending_delete'];
const STOPPED = 'aborted';
/** Large reads keep syscalls and hash calls few; the socket still paces them. */
const READ_CHUNK = 1024 * 1024;

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    throw new WorldError({
      doing: 'reading the image file to upload',
      target: file,
      answer: (err as Error).message,
    });
  }
}

/** The bytes of an upload attempt: the file read afresh, or the stream, which only a first attempt can use. */
function source(file: string | ImageStream, attempt: number): Readable {
  if (typeof file === 'string') return createReadStream(file, { highWaterMark: READ_CHUNK });
  if (attempt > 0) {
    throw new WorldError({
      doing: 'uploading image data',
      answer:
        'the request must be repeated (Keystone asked for a new token) and a download going straight into Glance cannot be sent twice',
    });
  }
  return file.body;
}

export interface GlanceClientOptions {
  session: KeystoneSession;
  logger: Logger;
  /** Site or cloud name for messages (defaults to the session's label). */
  label?: string;
  /** Images per list request (Glance caps it at its api_limit_max). */
  pageSize?: number;
  /** Attempts for requests that are safe to repeat. */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** How often upload progress is logged. */
  progressIntervalMs?: number;
}

export class HttpGlanceClient implements GlanceClient {
  readonly label: string;
  private readonly session: KeystoneSession;
  private readonly logger: Logger;
  private readonly pageSize: number;
  private readonly attempts: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly progressIntervalMs: number;
  /** Names of images seen, so that errors about an ID also say which image it is. */
  private readonly names = new Map<string, string>();

  constructor(options: GlanceClientOptions) {
    this.session = options.session;
    this.logger = options.logger;
    this.label = options.label ?? options.session.label;
    this.pageSize = options.pageSize ?? 200;
    this.attempts = options.attempts ?? 4;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? Date.now;
    this.progressIntervalMs = options.progressIntervalMs ?? 2000;
  }

  get projectId(): string {
    return this.session.projectId;
  }

  async listImages(query: ImageQuery): Promise<GlanceImage[]> {
    // Glance lists hidden images only when asked for them alone, so "include hidden" is two lists.
    const passes = query.includeHidden ? [false, true] : [false];
    const seen = new Map<string, GlanceImage>();
    for (const hidden of passes) {
      let path: string | undefined = `/v2/images?${listParams(query, this.pageSize, hidden)}`;
      while (path) {
        const res = await this.send(
          { method: 'GET', path },
          { doing: 'listing images', target: `${describeQuery(query)} on ${this.label}`, abortable: true },
        );
        const page = json<{ images: GlanceImage[]; next?: string }>(res);
        for (const image of page.images) seen.set(image.id, this.remember(image));
        path = page.next;
      }
    }
    return [...seen.values()];
  }

  async getImage(id: string): Promise<GlanceImage | undefined> {
    const res = await this.send(
      { method: 'GET', path: `/v2/images/${enc(id)}` },
      { doing: 'reading image', target: this.describe(id), ok: [404], abortable: true },
    );
    return res.status === 404 ? undefined : this.remember(json<GlanceImage>(res));
  }

  async createImage(request: CreateImageRequest): Promise<GlanceImage> {
    const { properties, ...fields } = request;
    const body = JSON.stringify({ ...properties, ...fields });
    const res = await this.send(
      { method: 'POST', path: '/v2/images', headers: { 'Content-Type': 'application/json' }, body },
      { doing: 'creating image', target: `image ${request.name} on ${this.label}`, retry: false },
    );
    return this.remember(json<GlanceImage>(res));
  }

  async uploadImage(
    id: string,
    file: string | ImageStream,
    options: UploadOptions = {},
  ): Promise<UploadResult> {
    const target = this.describe(id);
    const total = typeof file === 'string' ? await fileSize(file) : file.size;
    const log = transferProgress((l) => this.logger.info(l), 'uploading', target, total, {
      intervalMs: this.progressIntervalMs,
      now: this.now,
    });
    const algorithms: ('sha512' | 'sha256')[] =
      typeof file !== 'string' && file.sha256 ? ['sha512', 'sha256'] : ['sha512'];
    // A fresh reader per attempt: the session repeats the request once after re-authenticating.
    const readers: HashingReader[] = [];
    try {
      const res = await this.send(
        {
          method: 'PUT',
          path: `/v2/images/${enc(id)}/file`,
          headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(total) },
          body: () => {
            const reader = hashingReader(source(file, readers.length), total, algorithms, (p) => {
              log.update(p.sent);
              options.onProgress?.(p);
            });
            readers.push(reader);
            return reader.stream;
          },
          signal: options.signal,
        },
        { doing: 'uploading image data', target, retry: false, abortable: true },
      );
      const result = await readers.at(-1)!.result();
      if (result.size !== total) {
        throw new WorldError({
          doing: 'uploading image data',
          target,
          answer: `Glance answered HTTP ${res.status} after ${result.size} of ${total} bytes`,
        });
      }
      log.finish(result.size);
      return result;
    } finally {
      for (const r of readers) r.close();
    }
  }

  async updateImage(id: string, ops: PatchOp[]): Promise<GlanceImage> {
    const res = await this.send(
      {
        method: 'PATCH',
        path: `/v2/images/${enc(id)}`,
        headers: { 'Content-Type': JSON_PATCH },
        body: JSON.stringify(ops),
      },
      // `add` of an existing property and `remove` of a missing one fail, so only pure replaces repeat.
      {
        doing: `updating image (${ops.map(describeOp).join(', ')})`,
        target: this.describe(id),
        retry: ops.every((o) => o.op === 'replace'),
      },
    );
    return this.remember(json<GlanceImage>(res));
  }

  async addTag(id: string, tag: string): Promise<void> {
    await this.send(
      { method: 'PUT', path: `/v2/images/${enc(id)}/tags/${enc(tag)}` },
      { doing: `tagging image ${tag}`, target: this.describe(id) },
    );
  }

  async removeTag(id: string, tag: string): Promise<void> {
    await this.send(
      { method: 'DELETE', path: `/v2/images/${enc(id)}/tags/${enc(tag)}` },
      { doing: `removing tag ${tag}`, target: this.describe(id), ok: [404] },
    );
  }

  async deleteImage(id: string): Promise<void> {
    await this.send(
      { method: 'DELETE', path: `/v2/images/${enc(id)}` },
      { doing: 'deleting image', target: this.describe(id), ok: [404] },
    );
  }

  async waitForStatus(id: string, statuses: string[], timeoutMs: number): Promise<GlanceImage> {
    const deadline = this.now() + timeoutMs;
    let delay = 250;
    for (;;) {
      const image = await this.getImage(id);
      if (image && statuses.includes(image.status)) return image;
      const status = image?.status ?? 'gone';
      if (!image || TERMINAL.includes(status) || this.now() > deadline) {
        throw new WorldError({
          doing: `waiting for image to become ${statuses.join(' or ')}`,
          target: this.describe(id),
          answer:
            !image || TERMINAL.includes(status)
              ? `it is ${status}`
              : `still ${status} after ${timeoutMs / 1000} s`,
        });
      }
      await this.pause(delay);
      delay = Math.min(delay * 2, 2000);
    }
  }

  private remember(image: GlanceImage): GlanceImage {
    if (image.name) this.names.set(image.id, image.name);
    return image;
  }

  private describe(id: string): string {
    const name = this.names.get(id);
    return `image ${name ? `${name} (${id})` : id} on ${this.label}`;
  }

  /** Sleeps, unless the run is stopped (then fails at once). */
  private async pause(ms: number): Promise<void> {
    const stop = this.session.stop;
    if (!stop) return this.sleep(ms);
    let onAbort = () => {};
    const stopped = new Promise<never>((_r, reject) => {
      onAbort = () => reject(new WorldError({ doing: 'waiting', target: this.label, answer: STOPPED }));
      if (stop.aborted) onAbort();
      stop.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([this.sleep(ms), stopped]);
    } finally {
      stop.removeEventListener('abort', onAbort);
    }
  }

  /** One request, repeated when `retry` allows on 5xx or a broken connection; other failures become WorldErrors. */
  private async send(
    request: ServiceRequest,
    what: { doing: string; target: string; retry?: boolean; ok?: number[]; abortable?: boolean },
  ): Promise<HttpResponse> {
    const stop = what.abortable ? this.session.stop : undefined;
    const signals = [request.signal, stop].filter((x): x is AbortSignal => x !== undefined);
    const req = { ...request, signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0] };
    const retry = what.retry ?? true;
    for (let attempt = 1; ; attempt++) {
      let res: HttpResponse | undefined;
      let failure: string;
      try {
        res = await this.session.request('image', req);
        if (res.status < 400 || what.ok?.includes(res.status)) return res;
        failure = describeAnswer(res);
      } catch (err) {
        if (!(err instanceof TransportError)) throw err;
        failure = req.signal?.aborted ? STOPPED : `connection failed: ${err.message}`;
      }
      const repeatable = retry && !req.signal?.aborted && (!res || res.status >= 500);
      if (!repeatable || attempt >= this.attempts) {
        throw new WorldError({ doing: what.doing, target: what.target, answer: failure });
      }
      const delay = 500 * 2 ** (attempt - 1);
      this.logger.warn(`${what.doing} (${what.target}): ${failure}; trying again in ${delay / 1000} s`);
      await (what.abortable ? this.pause(delay) : this.sleep(delay));
    }
  }
}

function listParams(query: ImageQuery, limit: number, hidden: boolean): string {
  const p = new URLSearchParams({ limit: String(limit) });
  if (query.name !== undefined) p.set('name', query.name);
  if (query.owner) p.set('owner', query.owner);
  if (query.status) p.set('status', query.status);
  if (query.visibility) p.set('visibility', query.visibility);
  for (const tag of query.tags ?? []) p.append('tag', tag);
  for (const [k, v] of Object.entries(query.properties ?? {})) p.set(k, v);
  if (hidden) p.set('os_hidden', 'true');
  return p.toString();
}

function describeQuery(q: ImageQuery): string {
  const parts = [
    q.name !== undefined && `name=${q.name}`,
    q.owner && `owner=${q.owner}`,
    ...(q.tags ?? []).map((t) => `tag=${t}`),
    ...Object.entries(q.properties ?? {}).map(([k, v]) => `${k}=${v}`),
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : 'all images';
}

function describeOp(op: PatchOp): string {
  return `${op.op} ${op.path}${op.value === undefined ? '' : `=${JSON.stringify(op.value)}`}`;
}

function json<T>(res: HttpResponse): T {
  return JSON.parse(res.body.toString('utf8')) as T;
}

const enc = encodeURIComponent;
