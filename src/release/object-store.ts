// Release image files in OpenStack Swift, through the same Keystone session as Glance: the
// `object-store` catalog entry of a site's cloud, container and prefix from the site's `object_store`
// (sites.yaml). A new container is made world-readable (`.r:*`) so the manifest's URLs work without
// a token; an existing one keeps its ACL. Objects whose recorded sha256 already matches are not sent
// again; files over Swift's 5 GiB object limit go up as a static large object (1 GiB segments).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, WorldError } from '../errors.js';
import type { Logger } from '../log.js';
import { describeAnswer } from '../openstack/api-answer.js';
import type { KeystoneSession, ServiceRequest } from '../openstack/keystone.js';
import { imageFileName, type ImageStore } from './image-store.js';
import type { BuildResult } from './results.js';

const MAX_OBJECT = 5 * 1024 ** 3;
const SEGMENT = 1024 ** 3;

export interface ObjectStoreOptions {
  session: KeystoneSession;
  container: string;
  prefix: string;
  logger: Logger;
  /** For messages: "site kvm (cloud site-a)". */
  label: string;
}

const path = (...parts: string[]) =>
  '/' + parts.map((p) => p.split('/').map(encodeURIComponent).join('/')).join('/');

export async function swiftStore(options: ObjectStoreOptions): Promise<ImageStore> {
  const { session, container, prefix, logger, label } = options;
  const endpoint = await session.endpoint('object-store');
  const objectName = (result: BuildResult, buildName: string) =>
    `${prefix}${imageFileName(result, buildName)}`;

  const send = async (
    doing: string,
    method: string,
    p: string,
    headers: Record<string, string> = {},
    body?: ServiceRequest['body'],
    ok = [200, 201, 202, 204],
  ) => {
    const res = await session.request('object-store', { method, path: p, headers, body });
    if (!ok.includes(res.status)) throw new WorldError({ doing, target: label, answer: describeAnswer(res) });
    return res;
  };

  const ensureContainer = async () => {
    // GET, not HEAD: Swift's eventlet server ends HEAD answers with a stray chunk terminator, which
    // breaks the next answer on a kept-alive connection.
    const head = await send(
      `checking container ${container}`,
      'GET',
      `${path(container)}?limit=0&format=json`,
      {},
      undefined,
      [200, 204, 404],
    );
    if (head.status !== 404) {
      if (!String(head.headers['x-container-read'] ?? '').includes('.r:*')) {
        logger.warn(
          `${label}: container ${container} is not world-readable; the manifest's URLs need a token`,
        );
      }
      return;
    }
    logger.info(`${label}: creating world-readable container ${container}`);
    await send(`creating container ${container}`, 'PUT', path(container), { 'X-Container-Read': '.r:*' });
  };

  const putFile = async (name: string, file: string, size: number, sha256: string) => {
    const meta = { 'X-Object-Meta-Sha256': sha256 };
    if (size <= MAX_OBJECT) {
      await send(
        `uploading ${name}`,
        'PUT',
        path(container, name),
        { ...meta, 'Content-Length': String(size) },
        () => createReadStream(file),
      );
      return;
    }
    const segments: { path: string; size_bytes: number }[] = [];
    for (let start = 0, n = 0; start < size; start += SEGMENT, n++) {
      const len = Math.min(SEGMENT, size - start);
      const seg = `${name}.segments/${String(n).padStart(6, '0')}`;
      await send(`uploading ${seg}`, 'PUT', path(container, seg), { 'Content-Length': String(len) }, () =>
        createReadStream(file, { start, end: start + len - 1 }),
      );
      segments.push({ path: `/${container}/${seg}`, size_bytes: len });
    }
    await send(
      `writing the large-object manifest of ${name}`,
      'PUT',
      `${path(container, name)}?multipart-manifest=put`,
      { ...meta, 'Content-Type': 'application/json' },
      JSON.stringify(segments),
    );
  };

  return {
    urlFor: (result, buildName) => endpoint + path(container, objectName(result, buildName)),
    async upload(builds) {
      // Every file is checked before the first byte goes out, so bad input uploads nothing.
      const files = [];
      for (const { result, buildName } of builds) {
        const file = join(result.dir, result.record.file);
        const st = await stat(file).catch(() => undefined);
        if (!st?.isFile() || st.size !== result.record.size) {
          throw new InputError(
            `${result.path}: image file ${result.record.file} is missing or not ${result.record.size} bytes`,
            undefined,
            'download the image files with the records to upload them to the object store',
          );
        }
        files.push({
          name: objectName(result, buildName),
          file,
          size: st.size,
          sha256: result.record.sha256,
        });
      }
      await ensureContainer();
      for (const f of files) {
        const head = await send(
          `checking ${f.name}`,
          'GET',
          path(container, f.name),
          { Range: 'bytes=0-0' },
          undefined,
          [200, 206, 404, 416],
        );
        if (head.status !== 404 && head.headers['x-object-meta-sha256'] === f.sha256) {
          logger.info(`${label}: ${f.name} is already in ${container}`);
          continue;
        }
        logger.info(`${label}: uploading ${f.name} to ${container}`);
        await putFile(f.name, f.file, f.size, f.sha256);
      }
    },
  };
}
