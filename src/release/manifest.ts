// Merging the results of every job into the release manifest. What the plan expects decides what a
// complete release is: an expected build without a result, or with a result of another build key
// (built from other inputs than the tag's), makes the release incomplete.
import { GLANCE_ARCH, type Arch } from '../config/types.js';
import { InputError, InputErrors } from '../errors.js';
import type { Logger } from '../log.js';
import {
  MANIFEST_VERSION,
  manifestSchema,
  type Manifest,
  type ManifestEntry,
  type SiteImage,
} from './manifest-schema.js';
import { buildId, type BuildResult } from './results.js';

/** One image x architecture the plan of the tag expects in the release. */
export interface ExpectedBuild {
  image: string;
  arch: Arch;
  key: string;
  /** The build name: the manifest key, and the Glance name publish gives it (openstack/glance-name.ts). */
  name: string;
  properties: Record<string, string>;
  /** images.yaml `manifest_extra`: fields for the top level of the entry. */
  manifestExtra?: Record<string, string>;
}

export interface MergeOptions {
  allowIncomplete?: boolean;
  /** The download URL of a build's file, when one is known. */
  urlFor?: (result: BuildResult, name: string) => string | undefined;
  /** The download URL of a build's SBOM, when it has one and the store serves it. */
  sbomUrlFor?: (result: BuildResult, name: string) => string | undefined;
  logger: Logger;
}

export interface MergeResult {
  manifest: Manifest;
  /** Expected builds left out (no result, or a result of another key), with the reason. */
  missing: { name: string; reason: string }[];
  /** The results the manifest holds, by build name (their files go to an image store). */
  included: { result: BuildResult; buildName: string }[];
}

/** One result per image x arch; identical duplicates (the same build in two job folders) merge. */
function uniqueResults(results: BuildResult[]): Map<string, BuildResult> {
  const byId = new Map<string, BuildResult>();
  const errors: InputError[] = [];
  for (const r of results) {
    const id = buildId(r.record.name, r.record.arch);
    const seen = byId.get(id);
    if (!seen) {
      byId.set(id, { ...r, published: [...r.published] });
    } else if (seen.record.key === r.record.key && seen.record.sha256 === r.record.sha256) {
      seen.published.push(...r.published);
    } else {
      errors.push(
        new InputError(
          `two different results for ${id}: ${seen.path} (key ${seen.record.key.slice(0, 12)}) and ${r.path} (key ${r.record.key.slice(0, 12)})`,
          undefined,
          'keep only the results of one run in the results folder',
        ),
      );
    }
  }
  if (errors.length) throw new InputErrors(errors);
  return byId;
}

function sitesOf(result: BuildResult): Record<string, SiteImage> {
  const sites: Record<string, SiteImage> = {};
  // The newest result wins when a site was published twice (a re-run after a failure).
  const ordered = [...result.published].sort((a, b) =>
    (a.published_at ?? '').localeCompare(b.published_at ?? ''),
  );
  for (const p of ordered) {
    sites[p.site] = {
      cloud: p.cloud,
      image_id: p.image_id,
      image_name: p.image_name,
      ...(p.disk_format && p.disk_format !== result.record.format ? { disk_format: p.disk_format } : {}),
      ...(p.visibility ? { visibility: p.visibility } : {}),
      ...(p.published_at ? { published_at: p.published_at } : {}),
      ...(p.signing_certificate_sha256 ? { signing_certificate_sha256: p.signing_certificate_sha256 } : {}),
    };
  }
  return sites;
}

/**
 * Properties that consumers read at the top level of an entry, lifted there whenever an image has
 * them (azimuth-ops picks Kubernetes images by a top-level `kubernetes_version`).
 */
const LIFTED_PROPERTIES = ['kubernetes_version'];

/** The top-level extras of an entry: lifted properties, then images.yaml's `manifest_extra` over them. */
function topLevelExtras(
  properties: Record<string, string>,
  manifestExtra: Record<string, string> = {},
): Record<string, string> {
  const lifted = LIFTED_PROPERTIES.filter((p) => properties[p] !== undefined).map((p) => [p, properties[p]!]);
  return { ...Object.fromEntries(lifted), ...manifestExtra };
}

export function mergeManifest(
  expected: ExpectedBuild[],
  results: BuildResult[],
  options: MergeOptions,
): MergeResult {
  const byId = uniqueResults(results);
  const manifest: Manifest = {};
  const missing: MergeResult['missing'] = [];
  const included: MergeResult['included'] = [];
  const used = new Set<string>();
  for (const exp of expected) {
    const id = buildId(exp.image, exp.arch);
    const { name } = exp;
    const result = byId.get(id);
    used.add(id);
    if (!result) {
      missing.push({ name, reason: `no result for ${id}` });
      continue;
    }
    const r = result.record;
    if (r.key !== exp.key) {
      missing.push({
        name,
        reason: `${result.path} has build key ${r.key.slice(0, 12)}, the plan expects ${exp.key.slice(0, 12)} (built from other inputs)`,
      });
      continue;
    }
    if (r.test?.status === 'failed')
      options.logger.warn(`${name}: its latest kiln test failed (${result.path})`);
    const url = options.urlFor?.(result, name);
    const sbomUrl = options.sbomUrlFor?.(result, name);
    const properties = { architecture: GLANCE_ARCH[r.arch], ...exp.properties };
    const sites = sitesOf(result);
    const signedBy = Object.values(sites).find(
      (s) => s.signing_certificate_sha256,
    )?.signing_certificate_sha256;
    // The signature of the build's own file (a site that converted signed other bytes).
    const signature = result.published.find(
      (p) => p.signature && (p.disk_format ?? r.format) === r.format,
    )?.signature;
    const entry: ManifestEntry = {
      ...topLevelExtras(properties, exp.manifestExtra),
      manifest_version: MANIFEST_VERSION,
      name,
      ...(url ? { url } : {}),
      checksum: `sha256:${r.sha256}`,
      checksum_sha512: `sha512:${r.sha512}`,
      arch: r.arch,
      disk_format: r.format,
      size: r.size,
      ...(r.virtual_size ? { virtual_size: r.virtual_size } : {}),
      build_key: r.key,
      git_sha: r.git_sha,
      image: r.name,
      builder: r.builder,
      builder_version: r.builder_version,
      built_at: r.built_at,
      ...(r.test ? { test: r.test.status } : {}),
      properties,
      ...(signedBy ? { signing_certificate_sha256: signedBy } : {}),
      ...(signature ? { signature } : {}),
      sites,
      ...(sbomUrl ? { 'image-sbom-url': sbomUrl } : {}),
    };
    manifest[name] = entry;
    included.push({ result, buildName: name });
  }
  for (const [id, r] of byId) {
    if (!used.has(id))
      options.logger.warn(`${r.path}: ${id} is not in the plan of this tag; left out of the manifest`);
  }
  if (missing.length && !options.allowIncomplete) {
    throw new InputError(
      `incomplete results: ${missing.length} of ${expected.length} builds missing:\n${missing.map((m) => `  ${m.name}: ${m.reason}`).join('\n')}`,
      undefined,
      'wait for every build job, or pass --allow-incomplete to release what is there',
    );
  }
  for (const m of missing) options.logger.warn(`left out of the manifest: ${m.name}: ${m.reason}`);
  return { manifest: validateManifest(manifest, 'manifest'), missing, included };
}

/** Parses a manifest against the schema; problems are reported as bad input naming the entry and field. */
export function validateManifest(data: unknown, source: string): Manifest {
  const res = manifestSchema.safeParse(data);
  if (res.success) return res.data;
  throw new InputErrors(
    res.error.issues.map(
      (i) => new InputError(`${source}: ${i.path.map(String).join('.') || '(top level)'}: ${i.message}`),
    ),
  );
}
