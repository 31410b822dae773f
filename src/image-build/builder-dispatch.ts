// Running the builder of one planned image: its artifacts fetched (exported to the builder under
// their variable names: DIB elements read them, Packer templates via env()), then Packer or DIB with
// what each needs. A Packer child starts from its parent's image file; DIB gets ELEMENTS_PATH (the
// project's elements, then the third-party checkouts, made once per run), an image cache no orphaned
// builder of a killed kiln still uses (stale-scratch.ts), and, for Debian images with
// KILN_HOST_MIRRORS=1, the host's Debian mirror (debian-mirror.ts).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tryLock } from '../file-lock.js';
import type { KilnConfig, ResolvedImage } from '../config/types.js';
import type { Runner } from '../exec.js';
import type { PlannedImage } from '../plan/types.js';
import { fetchArtifact, type FetchArtifactOptions } from './artifacts.js';
import { ciRunUrl } from './ci-run.js';
import { hostMirrorEnv } from './debian-mirror.js';
import { runDib } from './dib-driver.js';
import type { DriverRun } from './driver-run.js';
import { runPacker } from './packer-driver.js';
import { ensureThirdPartyCheckout } from './third-party.js';

export interface BuilderSetup {
  config: KilnConfig;
  /** kiln's cache folder (DIB image cache, Packer plugins, artifacts, third-party checkouts). */
  cache: string;
  env: NodeJS.ProcessEnv;
  runner: Runner;
  now: () => Date;
  gitSha: string;
  signal?: AbortSignal;
  /** Opens object-store artifacts with their site's credentials. */
  openObject: FetchArtifactOptions['openObject'];
  /** Resolves once no orphaned builder of a killed kiln uses this DIB image cache. */
  orphanedBuilders: (imageCache: string, signal?: AbortSignal) => Promise<void>;
}

/** DIB's Debian elements: what the host's Debian mirror can serve. */
const DEBIAN_ELEMENTS = new Set(['debian', 'debian-minimal']);

export class Builders {
  /** ELEMENTS_PATH dirs, made by the first DIB build (third-party checkouts). */
  private elementsPath: Promise<string[]> | undefined;

  constructor(private readonly setup: BuilderSetup) {}

  /** Builds `planned` into `work`; returns the image file. `parentImage`: the parent's, for Packer. */
  async run(
    image: ResolvedImage,
    planned: PlannedImage,
    work: string,
    driverRun: DriverRun,
    parentImage: string | undefined,
  ): Promise<string> {
    const { setup } = this;
    const id = `${planned.name}/${planned.arch}`;
    const artifacts: Record<string, string> = {};
    for (const [name, artifact] of Object.entries(image.artifacts)) {
      artifacts[name] = await fetchArtifact(artifact, {
        cache: setup.cache,
        label: `${id}: ${name}`,
        signal: setup.signal,
        openObject: setup.openObject,
      });
    }
    if (image.builder === 'packer') {
      return runPacker(
        {
          image,
          arch: planned.arch,
          key: planned.key,
          root: setup.config.root,
          varFiles: image.var_files,
          outputDir: work,
          gitSha: setup.gitSha,
          parentImage,
          pluginDir: join(setup.cache, 'packer-plugins'),
        },
        { ...driverRun, env: { ...driverRun.env, ...artifacts } },
        setup.runner,
      );
    }
    this.elementsPath ??= this.elementsPathDirs();
    const usesDebian = image.elements.some((e) => DEBIAN_ELEMENTS.has(e));
    const imageCache = join(setup.cache, 'dib-image-cache', planned.arch);
    await setup.orphanedBuilders(imageCache, setup.signal);
    // DIB's dpkg element bind-mounts one apt archive folder of the image cache into every build, and
    // apt refuses a second build's lock on it ("Could not get lock /var/cache/apt/archives/lock"):
    // while another build (of this kiln or another) holds it, this one downloads its own packages.
    // The lock lives beside the image cache, not in it: the Actions cache saves the image cache.
    const locks = join(setup.cache, 'locks');
    await mkdir(locks, { recursive: true });
    const aptCache = await tryLock(join(locks, `dib-apt-archives-${planned.arch}.lock`));
    if (!aptCache)
      driverRun.onNote(
        `DIB's apt cache for ${planned.arch} is in use by another build: this build downloads its packages itself`,
      );
    try {
      return await runDib(
        {
          image,
          arch: planned.arch,
          key: planned.key,
          elementsPath: await this.elementsPath,
          outputBase: join(work, image.name),
          imageCache,
          artifacts,
          gitSha: setup.gitSha,
          buildUrl: ciRunUrl(setup.env),
          buildDate: setup.now(),
          extraEnv: {
            ...(setup.env.KILN_HOST_MIRRORS === '1' && usesDebian ? await hostMirrorEnv(image.env) : {}),
            ...(aptCache ? {} : { DIB_APT_LOCAL_CACHE: '0' }),
          },
        },
        driverRun,
        setup.runner,
      );
    } finally {
      await aptCache?.();
    }
  }

  /** The project's elements/, then every third-party repo's elements dir at its pinned commit. */
  private async elementsPathDirs(): Promise<string[]> {
    const { config, cache, runner, signal } = this.setup;
    const dirs = [join(config.root, 'elements')];
    for (const repo of config.thirdParty.values()) {
      dirs.push(await ensureThirdPartyCheckout(repo, { cache, runner, signal }));
    }
    return dirs;
  }
}
