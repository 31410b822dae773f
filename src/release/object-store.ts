// Release image files in OpenStack Swift, through the same Keystone session as Glance: the
// `object-store` catalog entry of a site's cloud, container and prefix from the site's `object_store`
// (sites.yaml). A new container is made world-readable (`.r:*`) so the manifest's URLs work without
// a token; an existing one keeps its ACL. Objects whose recorded sha256 already matches are not sent
// again; files over Swift's 5 GiB object limit go up as a static large object (1 GiB segments).
// Each build is a version of its name (object-versions.ts): the file and its version.json, then the
// name's `current` pointer, then old versions beyond the site's `keep` are deleted.
//
// On a tag run the image files stay on the build runners: each build job uploads its own files
// (`kiln release --upload-only`), and the release job, which has only the records, checks that every
// file is in the store with the record's sha256 before the manifest names its URL.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { recordImageFile } from '../record/record-files.js';
import { join } from 'node:path';
import { digestFile } from '../image-build/file-digest.js';
import { InputError, WorldError } from '../errors.js';
import type { Logger } from '../log.js';
import { describeAnswer } from '../openstack/api-answer.js';
import type { KeystoneSession, ServiceRequest } from '../openstack/keystone.js';
import type { ImageStore } from './image-store.js';
import {
  currentPointer,
  staleVersions,
  versionInfo,
  versionNames,
  type VersionNames,
} from './object-versions.js';
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
  /** Old versions of each build name kept besides the current one (the site's `keep`). */
  keep: number;
}

const path = (...parts: string[]) =>
  '/' + parts.map((p) => p.split('/').map(encodeURIComponent).join('/')).join('/');

export async function swiftStore(options: ObjectStoreOptions): Promise<ImageStore> {
  const { session, container, prefix, logger, label } = options;
  const endpoint = await session.endpoint('object-store');
  const names = (result: BuildResult, buildName: string) => versionNames(prefix, buildName, result.record);

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

  /** The sha256 kiln stored with an object, or undefined when the object (or container) is absent. */
  const storedSha256 = async (name: string): Promise<string | undefined> => {
    const head = await send(
      `checking ${name}`,
      'GET',
      path(container, name),
      { Range: 'bytes=0-0' },
      undefined,
      [200, 206, 404, 416],
    );
    const sha = head.headers['x-object-meta-sha256'];
    return head.status !== 404 && typeof sha === 'string' ? sha : undefined;
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

  const putJson = (name: string, value: unknown) =>
    send(
      `writing ${name}`,
      'PUT',
      path(container, name),
      { 'Content-Type': 'application/json' },
      JSON.stringify(value, null, 2) + '\n',
    );

  /** version.json, then `current` (a reader of it finds a complete version), then retention. */
  const finishVersion = async (n: VersionNames, result: BuildResult, buildName: string) => {
    await putJson(n.info, versionInfo(buildName, result.record, n));
    await putJson(n.current, currentPointer(n, result.record));
    logger.info(`${label}: ${n.current} is now version ${n.version}`);
    const listing = await send(
      `listing the versions of ${buildName}`,
      'GET',
      `${path(container)}?format=json&prefix=${encodeURIComponent(n.versions)}`,
    );
    const objects = JSON.parse(listing.body.toString('utf8') || '[]') as {
      name: string;
      last_modified?: string;
    }[];
    for (const version of staleVersions(objects, n.versions, n.version, options.keep)) {
      logger.info(`${label}: deleting old version ${n.versions}${version} (keep ${options.keep})`);
      for (const o of objects.filter((x) => x.name.startsWith(`${n.versions}${version}/`)))
        await send(`deleting ${o.name}`, 'DELETE', path(container, o.name), {}, undefined, [200, 204, 404]);
    }
  };

  return {
    urlFor: (result, buildName) => endpoint + path(container, names(result, buildName).file),
    sbomUrlFor: (result, buildName) =>
      result.record.sbom ? endpoint + path(container, names(result, buildName).sbom) : undefined,
    async upload(builds) {
      // Every file is checked before the first byte goes out, so bad input uploads nothing.
      const files = [];
      const absent: string[] = [];
      for (const { result, buildName } of builds) {
        const name = names(result, buildName).file;
        const file = await recordImageFile(result.path, result.record);
        const st = file ? await stat(file).catch(() => undefined) : undefined;
        if (!file || !st) {
          // Only the record came here: the build job must have uploaded the file.
          if ((await storedSha256(name)) !== result.record.sha256) absent.push(`${result.path} (${name})`);
          continue;
        }
        if (!st.isFile() || st.size !== result.record.size) {
          throw new InputError(
            `${result.path}: image file ${result.record.file} is not ${result.record.size} bytes`,
            undefined,
            'the image file does not match its record; build it again',
          );
        }
        files.push({ name, file, size: st.size, sha256: result.record.sha256 });
      }
      if (absent.length > 0) {
        throw new InputError(
          `${absent.length} image files are neither beside their records nor in ${container} on ${label} with the record's sha256:\n${absent.map((a) => `  ${a}`).join('\n')}`,
          undefined,
          "upload them from the build jobs, where the files are: kiln release --upload-only (the workflow's object-store input does it)",
        );
      }
      if (files.length > 0) await ensureContainer();
      for (const f of files) {
        if ((await storedSha256(f.name)) === f.sha256) {
          logger.info(`${label}: ${f.name} is already in ${container}`);
          continue;
        }
        logger.info(`${label}: uploading ${f.name} to ${container}`);
        await putFile(f.name, f.file, f.size, f.sha256);
      }
      // The SBOM goes into its image's version folder wherever the build's files are (small: always
      // sent again), before `current` names that version.
      for (const { result, buildName } of builds) {
        if (!result.record.sbom) continue;
        const file = join(result.dir, result.record.sbom);
        const st = await stat(file).catch(() => undefined);
        if (!st?.isFile()) continue;
        const name = names(result, buildName).sbom;
        await ensureContainer();
        logger.info(`${label}: uploading ${name} to ${container}`);
        await putFile(name, file, st.size, (await digestFile(file)).sha256);
      }
      // Every file is in place: only now does each name's `current` move to it.
      for (const { result, buildName } of builds)
        await finishVersion(names(result, buildName), result, buildName);
    },
  };
}
