// `kiln publish`: every build record of the named images goes to every site it belongs to. Bad input
// (unknown image or site, missing or inconsistent record, untested image, unsupported format) is
// found before anything changes; each site is then connected once, and per image all sites are
// inspected/repaired, staged (in parallel) and only then swapped, unless `swap: 'per-site'`.
import { checkNamedImages } from '../config/named-images.js';
import { namedSites } from '../config/named-sites.js';
import type { KilnConfig, ResolvedImage, Site } from '../config/types.js';
import { InputError, InputErrors, WorldError, inputErrorsOf } from '../errors.js';
import type { Runner } from '../exec.js';
import type { Logger } from '../log.js';
import type { KeyManager } from '../openstack/barbican.js';
import type { GlanceClient, GlanceImage } from '../openstack/glance-types.js';
import { Converter } from './convert.js';
import { glanceName } from '../openstack/glance-name.js';
import { publishedProperties, publishedVisibility } from './properties.js';
import { checkFileAgainstRecord, findRecords, type FoundRecord } from './records.js';
import { writeResult, type PublishResult } from './result-file.js';
import { PublishSigner } from './signing.js';
import { SitePublication } from './site-publication.js';
import { sitesFor } from './site-selection.js';
import type { SwapResult } from './swap.js';

export type SwapMode = 'all' | 'per-site';

export interface PublishRequest {
  images: string[];
  /** `--site` filters; empty = every site each image selects. */
  sites: string[];
  from: string;
  dryRun: boolean;
  swap: SwapMode;
}

export interface PublishDeps {
  config: KilnConfig;
  /** An authenticated Glance client for a site (its clouds.yaml cloud). */
  connect: (site: Site) => Promise<GlanceClient>;
  runner: Runner;
  logger: Logger;
  /** Where converted files are kept. */
  cacheDir: string;
  now: () => Date;
  /** The dry-run plan goes here (stdout). */
  print: (line: string) => void;
  signal?: AbortSignal;
  /** A site's Barbican, for images that are signed (images.yaml `signing`). */
  keyManager?: (site: Site) => Promise<KeyManager>;
  /** Where KILN_SIGNING_KEY is read from. */
  env?: NodeJS.ProcessEnv;
}

interface Job {
  found: FoundRecord;
  image: ResolvedImage;
  name: string;
  sites: Site[];
  /** Selected sites that do not take this build's architecture. */
  skipped: { site: Site; why: string }[];
  properties: (site: Site) => Record<string, string>;
  visibility: (site: Site) => string;
}

function planJobs(req: PublishRequest, config: KilnConfig, records: FoundRecord[], logger: Logger): Job[] {
  const errors: InputError[] = [];
  const jobs: Job[] = [];
  for (const found of records) {
    const { record } = found;
    const image = config.images.get(record.name)!;
    const { sites, skipped } = sitesFor(image, record.arch, config.sites, req.sites);
    const label = `${record.name} (${record.arch})`;
    for (const site of sites) {
      try {
        Converter.check(site.disk_format, `site '${site.name}'`);
      } catch (err) {
        errors.push(err as InputError);
      }
      if (record.test?.status === 'passed') continue;
      const status = record.test ? `'${record.test.status}'` : 'none (never tested)';
      if (!site.require_tests) {
        logger.info(`${label}: site ${site.name} does not require tests (latest test status: ${status})`);
        continue;
      }
      errors.push(
        new InputError(
          `${label}: site '${site.name}' requires a passing kiln test; the record's latest test status is ${status}`,
          { file: found.path, line: 1, col: 1 },
          `run kiln test ${record.name}, or set require_tests: false for the site`,
        ),
      );
    }
    const name = glanceName(image, record.arch);
    jobs.push({
      found,
      image,
      name,
      sites,
      skipped,
      properties: (site) => publishedProperties(name, image, site, record),
      visibility: (site) => publishedVisibility(image, site),
    });
  }
  if (errors.length) throw new InputErrors(errors);
  return jobs;
}

function stopped(): WorldError {
  return new WorldError({
    doing: 'publishing',
    answer: `stopped (SIGINT/SIGTERM) at a safe point: no upload or swap was left half-way, and the next run carries on from here`,
  });
}

/** One error for several failures: bad input only if every failure is. */
function combined(failures: unknown[], doing: string): unknown {
  if (failures.length === 1) return failures[0];
  const inputs = failures.map(inputErrorsOf);
  if (inputs.every(Boolean)) return new InputErrors(inputs.flatMap((i) => i!));
  return new WorldError({ doing, answer: failures.map((f) => `\n- ${(f as Error).message}`).join('') });
}

/** Waits for every promise (so no site is left half-way), then throws if any failed. */
async function settleAll<T>(promises: Promise<T>[], doing: string): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (failures.length) throw combined(failures, doing);
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

export async function publish(req: PublishRequest, deps: PublishDeps): Promise<PublishResult[]> {
  const { config, logger } = deps;
  checkNamedImages(config.images, req.images);
  namedSites(config.sites, req.sites, '--site');
  const records = await findRecords(req.from, req.images);
  const jobs = planJobs(req, config, records, logger);
  const signer = await PublishSigner.load(
    jobs.map((j) => j.image),
    {
      root: config.root,
      env: deps.env ?? {},
      logger,
      now: deps.now(),
      keyManager: (site) => {
        if (!deps.keyManager) throw new Error('publish: signed images need deps.keyManager');
        return deps.keyManager(site);
      },
    },
  );

  const needed = [...new Map(jobs.flatMap((j) => j.sites).map((s) => [s.name, s])).values()];
  const clients = new Map<string, GlanceClient>();
  await settleAll(
    needed.map(async (s) => clients.set(s.name, await deps.connect(s))),
    'connecting to the sites',
  );

  const converter = new Converter(deps.runner, deps.cacheDir, logger);
  const results: PublishResult[] = [];
  const failures: unknown[] = [];
  for (const job of jobs) {
    if (deps.signal?.aborted) break;
    try {
      results.push(...(await publishJob(job, req, deps, clients, converter, signer)));
    } catch (err) {
      failures.push(err);
    }
  }
  // A stop ends the run at a safe point: no upload half-way, no swap half-way (src/openstack/glance.ts).
  if (deps.signal?.aborted) throw stopped();
  if (failures.length)
    throw combined(failures, `publishing (${failures.length} of ${jobs.length} builds failed)`);
  return results;
}

async function publishJob(
  job: Job,
  req: PublishRequest,
  deps: PublishDeps,
  clients: Map<string, GlanceClient>,
  converter: Converter,
  signer: PublishSigner,
): Promise<PublishResult[]> {
  const { record } = job.found;
  for (const { site, why } of job.skipped) {
    const line = `${record.name} (${record.arch}) on site ${site.name}: skipped: ${why}`;
    if (req.dryRun) deps.print(line);
    else deps.logger.info(line);
  }
  const pubs = job.sites.map(
    (site) =>
      new SitePublication({
        glance: clients.get(site.name)!,
        site,
        name: job.name,
        key: record.key,
        sourceSha512: record.sha512,
        properties: job.properties(site),
        visibility: job.visibility(site),
        label: `${record.name} (${record.arch})`,
        logger: deps.logger,
        now: deps.now,
        signal: deps.signal,
      }),
  );
  await settleAll(
    pubs.map((p) => p.inspect(req.dryRun)),
    'checking the images already there',
  );

  if (req.dryRun) {
    for (const p of pubs) {
      deps.print(`${p.target} -> '${job.name}':`);
      for (const line of p.describePlan(job.found.file)) deps.print(`  ${line}`);
      const fingerprint = signer.fingerprint(job.image);
      if (fingerprint && !p.unchanged) deps.print(`  would sign it with certificate ${fingerprint}`);
    }
    return [];
  }

  const result = (
    p: SitePublication,
    image: GlanceImage,
    swapped?: SwapResult,
    deleted: GlanceImage[] = [],
  ) => {
    const r: PublishResult = {
      site: p.site.name,
      cloud: p.site.cloud,
      name: record.name,
      arch: record.arch,
      image_id: image.id,
      image_name: job.name,
      status: swapped ? 'published' : 'unchanged',
      disk_format: p.site.disk_format,
      visibility: swapped ? p.visibility : image.visibility,
      build_key: record.key,
      os_hash_value: image.os_hash_value ?? '',
      archived: swapped?.archived ?? null,
      deleted: deleted.map((d) => d.id),
      published_at: swapped ? deps.now().toISOString() : image.updated_at,
      ...signer.resultFields(job.image, image),
    };
    return writeResult(job.found.path, r).then(() => r);
  };

  const unchanged = pubs.filter((p) => p.unchanged);
  const todo = pubs.filter((p) => !p.unchanged);
  if (unchanged.length) await checkFileAgainstRecord(job.found);
  for (const p of unchanged)
    deps.logger.info(`${p.target}: already published as ${p.unchanged!.id}; nothing to upload`);
  // Retention runs here too: a run that only finished an interrupted swap still leaves N in place.
  const results = await Promise.all(
    unchanged.map(async (p) => result(p, p.unchanged!, undefined, await p.retain())),
  );

  const finish = async (p: SitePublication, staging: GlanceImage) => {
    if (deps.signal?.aborted) {
      await p.discard(staging);
      throw stopped();
    }
    const swapped = await p.swap(staging);
    const deleted = await p.retain();
    return result(p, swapped.image, swapped, deleted);
  };
  const stageOne = async (p: SitePublication) => {
    const file = await converter.fileFor(job.found, p.site.disk_format);
    return p.stage(file, await signer.propertiesFor(job.image, file, p.site));
  };

  if (req.swap === 'per-site') {
    results.push(
      ...(await settleAll(
        todo.map(async (p) => finish(p, await stageOne(p))),
        'publishing',
      )),
    );
    return results;
  }
  // Stage everywhere first; swap only when every site holds a verified staging image.
  const staged = await Promise.allSettled(todo.map(stageOne));
  if (staged.some((s) => s.status === 'rejected') || deps.signal?.aborted) {
    await Promise.all(
      staged.map((s, i) => (s.status === 'fulfilled' ? todo[i]!.discard(s.value) : undefined)),
    );
    await settleAll(
      staged.map((s) => (s.status === 'rejected' ? Promise.reject(s.reason) : Promise.resolve())),
      'staging on every site',
    );
    throw stopped();
  }
  const images = staged.map((s) => (s as PromiseFulfilledResult<GlanceImage>).value);
  results.push(
    ...(await settleAll(
      todo.map((p, i) => finish(p, images[i]!)),
      'swapping on every site',
    )),
  );
  return results;
}
