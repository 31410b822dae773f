// DIB and artifact caches through the real @actions/cache library against the local cache service
// stand-in (v2 Twirp + blob protocol): miss, save, exact hit, partial hit through a restore key.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  actionsCacheBackend,
  artifactCacheSpec,
  dibCacheSpec,
  restoreCaches,
  saveCaches,
  type CacheBackend,
} from '../../src/action/build-cache.js';
import type { ResolvedImage } from '../../src/config/types.js';
import { silentLogger } from '../../src/log.js';
import { startCacheServer, type CacheServer } from '../support/cache-server.js';
import { ACTIONS_CACHE, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...ACTIONS_CACHE]);

function image(name: string, env: Record<string, string>, sha?: string): ResolvedImage {
  return {
    name,
    builder: 'dib',
    elements: ['debian-minimal', 'vm'],
    env,
    builder_version: '3.13.0',
    artifacts: sha
      ? { BLOB: { url: 'http://example.invalid/b', sha256: sha, pos: { file: 'x', line: 1, col: 1 } } }
      : {},
  } as unknown as ResolvedImage;
}

describe('build caches through @actions/cache', () => {
  let server: CacheServer;
  let backend: CacheBackend;
  let work: string;

  beforeAll(async () => {
    server = await startCacheServer();
    work = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'cache-'));
    Object.assign(process.env, server.env, {
      GITHUB_WORKSPACE: work,
      RUNNER_TEMP: join(work, 'tmp'),
      GITHUB_SERVER_URL: 'https://github.com',
    });
    mkdirSync(join(work, 'tmp'));
    backend = (await actionsCacheBackend())!;
  });
  afterAll(async () => {
    await server.close();
    for (const k of Object.keys(server.env)) delete process.env[k];
  });

  it('is unavailable without the service variables', async () => {
    const saved = process.env.ACTIONS_RESULTS_URL;
    delete process.env.ACTIONS_RESULTS_URL;
    try {
      expect(await actionsCacheBackend()).toBeUndefined();
    } finally {
      process.env.ACTIONS_RESULTS_URL = saved;
    }
    expect(backend).toBeDefined();
  });

  it('saves on a miss, restores the exact key, then a partial hit for changed inputs', async () => {
    const dir = join(work, 'dib-cache');
    mkdirSync(join(dir, 'debootstrap'), { recursive: true });
    writeFileSync(join(dir, 'debootstrap/base.tgz'), 'debootstrap tarball');
    const spec = dibCacheSpec([image('debian-12', { DIB_RELEASE: 'bookworm' })], 'amd64', dir);
    expect(spec.key.startsWith('kiln-dib-amd64-3.13.0-')).toBe(true);

    const miss = await restoreCaches([spec], backend, silentLogger);
    expect(miss.size).toBe(0);
    expect(await saveCaches([spec], miss, backend, silentLogger)).toEqual([spec.key]);
    expect(server.keys()).toEqual([spec.key]);

    rmSync(dir, { recursive: true });
    const hit = await restoreCaches([spec], backend, silentLogger);
    expect(hit.get(spec.key)).toBe(spec.key);
    expect(readFileSync(join(dir, 'debootstrap/base.tgz'), 'utf8')).toBe('debootstrap tarball');
    // An exact hit is not saved again (entries are immutable).
    expect(await saveCaches([spec], hit, backend, silentLogger)).toEqual([]);

    const changed = dibCacheSpec([image('debian-12', { DIB_RELEASE: 'trixie' })], 'amd64', dir);
    expect(changed.key).not.toBe(spec.key);
    rmSync(dir, { recursive: true });
    const partial = await restoreCaches([changed], backend, silentLogger);
    expect(partial.get(changed.key)).toBe(spec.key);
    expect(readFileSync(join(dir, 'debootstrap/base.tgz'), 'utf8')).toBe('debootstrap tarball');
    expect(await saveCaches([changed], partial, backend, silentLogger)).toEqual([changed.key]);

    // Another architecture never restores this one's cache.
    const arm = dibCacheSpec([image('debian-12', { DIB_RELEASE: 'bookworm' })], 'arm64', dir);
    expect((await restoreCaches([arm], backend, silentLogger)).size).toBe(0);
  });

  it('keys artifacts by their checksums only', () => {
    const a = artifactCacheSpec([image('a', { X: '1' }, 'aa'), image('b', { X: '2' }, 'bb')], 'amd64', '/d');
    const b = artifactCacheSpec([image('b', {}, 'bb'), image('a', {}, 'aa')], 'amd64', '/d');
    const c = artifactCacheSpec([image('a', {}, 'ab')], 'amd64', '/d');
    expect(a.key).toBe(b.key);
    expect(c.key).not.toBe(a.key);
  });

  it('never fails the build when the service is broken', async () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (m: string) => void warnings.push(m) };
    const broken: CacheBackend = {
      restore: () => Promise.reject(new Error('HTTP 503')),
      save: () => Promise.reject(new Error('HTTP 503')),
    };
    const dir = join(work, 'broken');
    mkdirSync(dir);
    const spec = dibCacheSpec([image('x', {})], 'amd64', dir);
    expect((await restoreCaches([spec], broken, logger)).size).toBe(0);
    expect(await saveCaches([spec], new Map(), broken, logger)).toEqual([]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('HTTP 503');
  });
});
