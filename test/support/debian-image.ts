// THE shared real-image fixture: a small, partitioned, grub-bootable Debian bookworm qcow2 built by
// kiln's own build core (DIB: debian-minimal + vm + kiln-common + a test element writing
// /etc/kiln/test-marker). Built once and kept across test runs under .cache/test-images/<key>/,
// rebuilt only when its build key changes (kiln-common or the test element changed). A lock file
// makes parallel test files wait for one build instead of building twice.
//
// The returned folder is shared by every test and every run: treat it as read-only (copy the
// record's folder first if a test writes test results into record.json).
import { readFileSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildImages } from '../../src/image-build/build-images.js';
import { RECORD_FILE, recordDir, type BuildRecord } from '../../src/record/record.js';
import { withLock } from '../../src/file-lock.js';
import type { Logger } from '../../src/log.js';
import { planBuilds } from '../../src/plan/plan-builds.js';
import { buildDeps, invocation, loadProject, planDeps } from '../../src/wiring.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const TEST_IMAGES_DIR = join(REPO_ROOT, '.cache', 'test-images');
/** kiln's cache (DIB image cache with the debootstrap tarball, build index) shared by test builds. */
export const TEST_KILN_CACHE = join(TEST_IMAGES_DIR, 'kiln-cache');
export const TEST_IMAGE_NAME = 'kiln-test-debian';
export const TEST_MARKER_PATH = '/etc/kiln/test-marker';

export interface DebianImage {
  /** The build output folder: `<dir>/kiln-test-debian/amd64/record.json`. */
  dir: string;
  record: BuildRecord;
  recordPath: string;
  imagePath: string;
}

/** False on kernels without device-mapper, where DIB's `vm` element needs the kpartx stand-in. */
export function deviceMapperAvailable(): boolean {
  try {
    return /\bdevice-mapper\b/.test(readFileSync('/proc/misc', 'utf8'));
  } catch {
    return false;
  }
}

/**
 * The environment for test builds: the host's Debian mirrors (KILN_HOST_MIRRORS), the shared test
 * cache, and the kpartx/dmsetup stand-ins first on PATH when device-mapper is missing.
 */
export function builderEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const shims = join(REPO_ROOT, 'scripts', 'host-shims');
  const path = deviceMapperAvailable() ? process.env.PATH : `${shims}:${process.env.PATH ?? ''}`;
  return { ...process.env, PATH: path, KILN_HOST_MIRRORS: '1', KILN_CACHE_DIR: TEST_KILN_CACHE, ...extra };
}

/** A small repo of image definitions: config/images.yaml plus kiln-common and the test element. */
export async function writeTestRepo(dir: string, imagesYaml = TEST_IMAGES_YAML): Promise<void> {
  await mkdir(join(dir, 'config'), { recursive: true });
  await writeFile(join(dir, 'config', 'images.yaml'), imagesYaml);
  await rm(join(dir, 'elements'), { recursive: true, force: true });
  await cp(join(REPO_ROOT, 'elements', 'kiln-common'), join(dir, 'elements', 'kiln-common'), {
    recursive: true,
  });
  await cp(
    join(REPO_ROOT, 'test', 'image-build', 'fixtures', 'elements', 'kiln-test-marker'),
    join(dir, 'elements', 'kiln-test-marker'),
    { recursive: true },
  );
}

export const TEST_IMAGES_YAML = `defaults:
  architectures: [amd64]
  disk_format: qcow2
  builders: { dib: "3.13.0", packer: "1.6.6" }
images:
  ${TEST_IMAGE_NAME}:
    builder: dib
    elements: [debian-minimal, vm, kiln-common, kiln-test-marker]
    env:
      DIB_RELEASE: bookworm
      # Keep (DIB_DEBOOTSTRAP_CACHE) and reuse (DIB_DEBIAN_USE_DEBOOTSTRAP_CACHE) a debootstrap
      # tarball in kiln's DIB image cache: rebuilds skip debootstrap.
      DIB_DEBOOTSTRAP_CACHE: "1"
      DIB_DEBIAN_USE_DEBOOTSTRAP_CACHE: "1"
    properties: { os_distro: debian, os_version: "12" }
`;

/** Collects log lines; shown only when the build fails. */
function memoryLogger(lines: string[]): Logger {
  const add = (m: string) => void lines.push(m);
  return {
    info: add,
    warn: add,
    error: add,
    debug() {},
    group: (t, fn) => (add(`== ${t}`), fn()),
    secret() {},
  };
}

let once: Promise<DebianImage> | undefined;

export function debianImage(): Promise<DebianImage> {
  once ??= buildFixture();
  return once;
}

async function readFixture(dir: string): Promise<DebianImage | undefined> {
  const recordPath = join(recordDir(dir, TEST_IMAGE_NAME, 'amd64'), RECORD_FILE);
  const text = await readFile(recordPath, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const record = JSON.parse(text) as BuildRecord;
  const imagePath = join(recordDir(dir, TEST_IMAGE_NAME, 'amd64'), record.file);
  if ((await stat(imagePath).catch(() => undefined))?.size !== record.size) return undefined;
  return { dir, record, recordPath, imagePath };
}

async function buildFixture(): Promise<DebianImage> {
  await mkdir(TEST_IMAGES_DIR, { recursive: true });
  return withLock(
    join(TEST_IMAGES_DIR, 'build.lock'),
    async () => {
      const src = join(TEST_IMAGES_DIR, 'src');
      await writeTestRepo(src);
      const env = builderEnv();
      const lines: string[] = [];
      const logger = memoryLogger(lines);
      const inv = invocation({ cwd: src, env, logger, signal: new AbortController().signal });
      const project = await loadProject({ cwd: src, env });
      const request = { images: [TEST_IMAGE_NAME], arches: ['amd64'] };
      const plan = await planBuilds(request, planDeps(inv, project));
      const dir = join(TEST_IMAGES_DIR, plan.images[0].key);
      const ready = await readFixture(dir);
      if (ready) return ready;

      const tmp = `${dir}.tmp`;
      await rm(tmp, { recursive: true, force: true });
      const result = await buildImages({ ...request, output: tmp }, await buildDeps(inv, project));
      if (result.exitCode !== 0) {
        throw new Error(`building the test image failed:\n${result.summary}\n${lines.slice(-60).join('\n')}`);
      }
      await rm(dir, { recursive: true, force: true });
      await rename(tmp, dir);
      // Images of earlier keys are never used again (each is hundreds of MB).
      for (const name of await readdir(TEST_IMAGES_DIR)) {
        if (/^[0-9a-f]{64}(\.tmp)?$/.test(name) && name !== plan.images[0].key) {
          await rm(join(TEST_IMAGES_DIR, name), { recursive: true, force: true });
        }
      }
      const built = await readFixture(dir);
      if (!built) throw new Error(`the test image build left no record in ${dir}`);
      return built;
    },
    // A cold DIB build takes minutes; another worker may be building it right now.
    { timeoutMs: 40 * 60_000, pollMs: 1000 },
  );
}
