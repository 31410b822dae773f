// Caches that make a build job faster on an ephemeral runner, through @actions/cache: DIB's download
// cache (debootstrap tarballs, cloud image bases) and the downloaded build artifacts, per
// architecture. Final images are never cached (gigabytes each; they live in Glance). A cache is only
// ever an optimisation: any failure to restore or save is a warning, never a failed build.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Arch, ResolvedImage } from '../config/types.js';
import type { Logger } from '../log.js';

export interface CacheSpec {
  /** For log lines: "DIB cache (amd64)". */
  label: string;
  paths: string[];
  key: string;
  /** Tried in order when `key` misses: a partial hit still saves most downloads. */
  restoreKeys: string[];
}

/** What talks to the cache service; @actions/cache in the action, anything in tests. */
export interface CacheBackend {
  restore(paths: string[], key: string, restoreKeys: string[]): Promise<string | undefined>;
  save(paths: string[], key: string): Promise<void>;
}

function digest(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

/**
 * DIB's cache depends on the DIB version, the architecture and what the elements download, which is
 * decided by the elements and their environment (DIB_RELEASE, mirrors); not by the image's own key,
 * which changes with every element script edit that downloads nothing new.
 */
export function dibCacheSpec(images: ResolvedImage[], arch: Arch, dir: string): CacheSpec {
  const dib = images.filter((i) => i.builder === 'dib');
  const versions = [...new Set(dib.map((i) => i.builder_version))].sort().join('+') || 'none';
  const inputs = dib.map((i) => ({ elements: [...i.elements].sort(), env: Object.entries(i.env).sort() }));
  inputs.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const prefix = `kiln-dib-${arch}-${versions}-`;
  return {
    label: `DIB cache (${arch})`,
    paths: [dir],
    key: prefix + digest(inputs),
    restoreKeys: [prefix, `kiln-dib-${arch}-`],
  };
}

/** Downloaded artifacts are decided by their checksums alone. */
export function artifactCacheSpec(images: ResolvedImage[], arch: Arch, dir: string): CacheSpec {
  const sums = [...new Set(images.flatMap((i) => Object.values(i.artifacts).map((a) => a.sha256)))].sort();
  const prefix = `kiln-artifacts-${arch}-`;
  return {
    label: `artifact cache (${arch})`,
    paths: [dir],
    key: prefix + digest(sums),
    restoreKeys: [prefix],
  };
}

/**
 * Plugins `packer init` installed (Packer 1.7 and later): decided by the Packer version and the
 * templates' `required_plugins`, so keyed by version and templates, restoring any earlier set.
 */
export function packerPluginCacheSpec(images: ResolvedImage[], arch: Arch, dir: string): CacheSpec {
  const packer = images.filter((i) => i.builder === 'packer' && i.template !== undefined);
  const versions = [...new Set(packer.map((i) => i.builder_version))].sort().join('+');
  const prefix = `kiln-packer-plugins-${arch}-${versions}-`;
  return {
    label: `Packer plugin cache (${arch})`,
    paths: [dir],
    key: prefix + digest([...new Set(packer.map((i) => i.template))].sort()),
    restoreKeys: [prefix],
  };
}

/** Restores each cache; returns the key each one was restored from (absent: a miss). */
export async function restoreCaches(
  specs: CacheSpec[],
  backend: CacheBackend,
  logger: Logger,
): Promise<Map<string, string>> {
  const hits = new Map<string, string>();
  for (const spec of specs) {
    try {
      const hit = await backend.restore(spec.paths, spec.key, spec.restoreKeys);
      if (hit) hits.set(spec.key, hit);
      logger.info(
        hit
          ? `${spec.label}: restored from ${hit}${hit === spec.key ? '' : ' (partial hit)'}`
          : `${spec.label}: no cache for ${spec.key}`,
      );
    } catch (err) {
      logger.warn(`${spec.label}: restore failed, building without it: ${(err as Error).message}`);
    }
  }
  return hits;
}

/** Saves each cache whose exact key was not restored (cache entries are immutable) and exists. */
export async function saveCaches(
  specs: CacheSpec[],
  hits: Map<string, string>,
  backend: CacheBackend,
  logger: Logger,
): Promise<string[]> {
  const saved: string[] = [];
  for (const spec of specs) {
    if (hits.get(spec.key) === spec.key) continue;
    if (!spec.paths.some((p) => existsSync(p))) continue;
    try {
      await backend.save(spec.paths, spec.key);
      saved.push(spec.key);
      logger.info(`${spec.label}: saved as ${spec.key}`);
    } catch (err) {
      logger.warn(`${spec.label}: save failed: ${(err as Error).message}`);
    }
  }
  return saved;
}

/** @actions/cache, loaded only by the commands that cache (keeps the action's start fast). */
export async function actionsCacheBackend(): Promise<CacheBackend | undefined> {
  const cache = await import('@actions/cache');
  if (!cache.isFeatureAvailable()) return undefined;
  return {
    restore: (paths, key, restoreKeys) => cache.restoreCache(paths, key, restoreKeys),
    async save(paths, key) {
      // The library logs its own reason and returns -1 when it did not save (e.g. a race on the key).
      if ((await cache.saveCache(paths, key)) === -1) throw new Error('the cache service did not take it');
    },
  };
}
