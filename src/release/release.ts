// `kiln release`: results of every job -> manifest.json -> GitHub release (notes + asset). The
// manifest is written locally before anything is sent to GitHub, so a failing GitHub still leaves
// the manifest for a re-run or for a person to attach by hand. `uploadImages` is the part a build job
// runs first (`--upload-only`): its image files into the store, so the release job needs only records.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sbomPackages, type CycloneDxBom } from '../sbom/cyclonedx.js';
import type { Logger } from '../log.js';
import { findReleaseManifest } from './previous-release.js';
import { publishRelease, type GitHub, type ReleaseInfo } from './github-release.js';
import { mergeManifest, type ExpectedBuild, type MergeResult } from './manifest.js';
import type { Manifest } from './manifest-schema.js';
import type { MakeLatestChoice } from './latest-version.js';
import { releaseNotes } from './release-notes.js';
import { sbomFileName, type ImageStore } from './image-store.js';
import { findResults } from './results.js';

const MANIFEST_ASSET = 'manifest.json';

export interface ReleaseOptions {
  tag: string;
  resultsDir: string;
  /** Where manifest.json is written. */
  output: string;
  allowIncomplete?: boolean;
  expected: ExpectedBuild[];
  store?: ImageStore;
  /** Absent: only write the manifest. */
  github?: GitHub;
  /** The commit the release was built from (the tag's target when GitHub has to create the tag). */
  commit?: string;
  makeLatest?: MakeLatestChoice;
  logger: Logger;
}

export interface ReleaseOutcome {
  manifest: Manifest;
  missing: MergeResult['missing'];
  included: MergeResult['included'];
  notes: string;
  release?: ReleaseInfo;
}

export interface UploadOutcome {
  /** Build name -> the URL its file is served under. */
  uploaded: { name: string; url: string }[];
}

/**
 * Puts the image files of the results under `resultsDir` (one build job's, not a whole release) into
 * the store. Results of another build key than this commit's plan are left out with a warning.
 */
export async function uploadImages(options: {
  resultsDir: string;
  expected: ExpectedBuild[];
  store: ImageStore;
  logger: Logger;
}): Promise<UploadOutcome> {
  const { logger, store } = options;
  const builds = [];
  for (const result of await findResults(options.resultsDir)) {
    const { name, arch, key } = result.record;
    const exp = options.expected.find((e) => e.image === name && e.arch === arch);
    if (exp?.key !== key) {
      logger.warn(
        `${result.path}: not a build of this commit's plan (key ${key.slice(0, 12)}); not uploaded`,
      );
      continue;
    }
    builds.push({ result, buildName: exp.name });
  }
  if (builds.length === 0) logger.warn(`no build results under ${options.resultsDir}: nothing to upload`);
  await store.upload(builds);
  return { uploaded: builds.map((b) => ({ name: b.buildName, url: store.urlFor(b.result, b.buildName) })) };
}

/** The SBOMs beside the included records, by build name; one that cannot be read is left out. */
async function localSboms(
  included: MergeResult['included'],
  logger: Logger,
): Promise<Map<string, { data: Buffer; bom: CycloneDxBom }>> {
  const out = new Map<string, { data: Buffer; bom: CycloneDxBom }>();
  for (const { result, buildName } of included) {
    if (!result.record.sbom) continue;
    const path = join(result.dir, result.record.sbom);
    try {
      const data = await readFile(path);
      out.set(buildName, { data, bom: JSON.parse(data.toString('utf8')) as CycloneDxBom });
    } catch (err) {
      logger.warn(`${buildName}: SBOM ${path} not attached: ${(err as Error).message}`);
    }
  }
  return out;
}

export async function release(options: ReleaseOptions): Promise<ReleaseOutcome> {
  const { logger } = options;
  const results = await findResults(options.resultsDir);
  logger.info(`found ${results.length} build results under ${options.resultsDir}`);
  const { store } = options;
  const merged = mergeManifest(options.expected, results, {
    allowIncomplete: options.allowIncomplete,
    logger,
    urlFor: store && ((result, buildName) => store.urlFor(result, buildName)),
    sbomUrlFor: store && ((result, buildName) => store.sbomUrlFor(result, buildName)),
  });
  if (!store) logger.warn('no image store (--base-url or --object-store): manifest entries carry no url');
  await store?.upload(merged.included);
  const json = JSON.stringify(merged.manifest, null, 2) + '\n';
  await writeFile(options.output, json);
  logger.info(`wrote ${options.output} (${Object.keys(merged.manifest).length} builds)`);
  const sboms = await localSboms(merged.included, logger);
  const packages = new Map([...sboms].map(([name, s]) => [name, sbomPackages(s.bom)]));
  if (!options.github) {
    return { ...merged, notes: releaseNotes(options.tag, merged.manifest, undefined, packages) };
  }
  const previous = await findReleaseManifest(options.github, options.tag, MANIFEST_ASSET, logger);
  const notes = releaseNotes(options.tag, merged.manifest, previous, packages);
  const info = await publishRelease(
    options.github,
    {
      tag: options.tag,
      name: options.tag,
      body: notes,
      assets: [
        { name: MANIFEST_ASSET, data: Buffer.from(json), contentType: 'application/json' },
        ...[...sboms].map(([name, s]) => ({
          name: sbomFileName(name),
          data: s.data,
          contentType: 'application/vnd.cyclonedx+json',
        })),
      ],
      commit: options.commit,
      makeLatest: options.makeLatest,
    },
    logger,
  );
  logger.info(`release ${options.tag}: ${info.url}`);
  return { ...merged, notes, release: info };
}
