// Runs diskimage-builder for one image x architecture. The caller resolves everything the build
// needs (elements path, artifacts, caches) beforehand; this module only turns it into the
// `disk-image-create` arguments and environment and reports where the image file landed.
import { appendFile, readFile, stat } from 'node:fs/promises';
import { DIB_ARCH, type Arch, type ResolvedImage } from '../config/types.js';
import { WorldError } from '../errors.js';
import type { Runner } from '../exec.js';
import { withoutCredentials, builderFailure, logTail, type DriverRun } from './driver-run.js';
import { dibBuildDir, dibChroot, releaseDibLeftovers } from './dib-leftovers.js';
import { stopGroupGently, type StopHandle } from './dib-stop.js';

export interface DibBuildInput {
  image: ResolvedImage;
  arch: Arch;
  key: string;
  /** ELEMENTS_PATH in search order: project elements/, third-party checkouts (DIB adds its own). */
  elementsPath: string[];
  /** Output path without extension: DIB writes `<outputBase>.<format>`. */
  outputBase: string;
  /** `--image-cache`, one per architecture (debootstrap tarballs, cloud images). */
  imageCache: string;
  /** Artifact env variable -> local file. */
  artifacts: Record<string, string>;
  /** Values for the kiln-common element. */
  gitSha: string;
  /** The CI run's page, if any (provenance only). */
  buildUrl?: string;
  buildDate: Date;
  /** Variables added last (host mirrors); the image's own env wins over them. */
  extraEnv?: Record<string, string>;
}

const DIB_PROGRAM = 'disk-image-create';
/** Seconds DIB gets to unmount and detach after SIGTERM before its process group is killed. */
const DIB_CLEANUP_GRACE_S = 120;

/** Environment variables that must not leak from kiln into DIB (TMPDIR ends up inside the chroot). */
const DROPPED_ENV = ['TMPDIR'];

export function dibArgs(input: DibBuildInput): string[] {
  return [
    '-a',
    DIB_ARCH[input.arch],
    '-t',
    input.image.disk_format,
    '-o',
    input.outputBase,
    '--image-cache',
    input.imageCache,
    ...input.image.elements,
  ];
}

export function dibEnv(input: DibBuildInput, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = withoutCredentials(base);
  for (const k of DROPPED_ENV) delete env[k];
  Object.assign(env, input.extraEnv ?? {}, input.image.env, input.artifacts, {
    ELEMENTS_PATH: input.elementsPath.join(':'),
    KILN_IMAGE_NAME: input.image.name,
    KILN_BUILD_KEY: input.key,
    KILN_GIT_SHA: input.gitSha,
    KILN_BUILD_DATE: input.buildDate.toISOString(),
    KILN_BUILD_URL: input.buildUrl ?? '',
  });
  return env;
}

/** The DIB phase a log line announces ("dib-run-parts Running .../install.d/50-x", a hook dir), if any. */
export function dibPhase(line: string): string | undefined {
  const script = /dib-run-parts Running \S*\/([\w-]+\.d)\/([\w.-]+)/.exec(line);
  if (script) return `${script[1]} ${script[2]}`;
  const hooks = /Running hooks from \S*\/hooks\/([\w.-]+)/.exec(line);
  if (hooks) return hooks[1];
  if (/Converting image using qemu-img convert/.test(line)) return 'converting image';
  if (/diskimage_builder\.block_device.*Creating partition/.test(line)) return 'partitioning';
  return undefined;
}

/** kpartx failed on a kernel without device-mapper (containers): the stand-ins in scripts/host-shims help. */
async function kpartxTrap(logFile: string): Promise<boolean> {
  const misc = await readFile('/proc/misc', 'utf8').catch(() => '');
  if (/\bdevice-mapper\b/.test(misc)) return false;
  return /kernel device-mapper driver|mapper\/control: open failed/.test(await logTail(logFile, 80));
}

function withDeviceMapperHint(err: WorldError): WorldError {
  return new WorldError({
    ...err.context,
    answer: `${err.context.answer}; this kernel has no device-mapper, so kpartx cannot map partitions: put kiln's scripts/host-shims first on PATH (docs/cli/build.md, "Hosts")`,
  });
}

/**
 * Releases what a failed DIB build left attached (dib-leftovers.ts), saying so in its log;
 * returns what could not be released.
 */
async function releaseLeftovers(
  buildDir: string,
  logFile: string,
  runner: Runner,
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const { released, failed } = await releaseDibLeftovers(buildDir, runner, env);
  const lines = [
    ...released.map((r) => `kiln: disk-image-create left this behind: ${r}`),
    ...failed.map((f) => `kiln: could not release what disk-image-create left: ${f}`),
  ];
  if (lines.length > 0) await appendFile(logFile, lines.map((l) => `${l}\n`).join(''));
  return failed;
}

/** Builds the image; resolves to the image file's path. */
export async function runDib(input: DibBuildInput, run: DriverRun, runner: Runner): Promise<string> {
  if (run.signal?.aborted)
    throw new WorldError({ doing: `building ${input.image.name} (${input.arch})`, answer: 'interrupted' });
  // Its own process group, so a Ctrl-C at the terminal reaches kiln only; kiln stops DIB gently.
  let stopping: StopHandle | undefined;
  let buildDir: string | undefined;
  const onAbort = () => {
    stopping = stopGroupGently(input.outputBase, run.killGraceSeconds ?? DIB_CLEANUP_GRACE_S, () =>
      buildDir ? dibChroot(buildDir) : undefined,
    );
  };
  run.signal?.addEventListener('abort', onAbort, { once: true });
  const env = dibEnv(input, run.env);
  const res = await runner(DIB_PROGRAM, dibArgs(input), {
    env,
    logFile: run.logFile,
    processGroup: true,
    maxBuffer: 64 * 1024,
    onLine: (line) => {
      buildDir ??= dibBuildDir(line);
      const phase = dibPhase(line);
      if (phase) run.onPhase(phase);
    },
  }).finally(() => {
    run.signal?.removeEventListener('abort', onAbort);
    stopping?.done();
  });
  if (res.code !== 0) {
    const failure = builderFailure('disk-image-create', input.image.name, input.arch, res, run);
    const unreleased = buildDir ? await releaseLeftovers(buildDir, run.logFile, runner, env) : [];
    if (unreleased.length > 0)
      throw new WorldError({
        ...failure.context,
        answer: `${failure.context.answer}; still attached after it (release by hand): ${unreleased.join('; ')}`,
      });
    throw (await kpartxTrap(run.logFile)) ? withDeviceMapperHint(failure) : failure;
  }
  const file = `${input.outputBase}.${input.image.disk_format}`;
  if (
    !(await stat(file).then(
      (s) => s.isFile(),
      () => false,
    ))
  ) {
    throw new WorldError({
      doing: 'looking for the image disk-image-create wrote',
      target: `${input.image.name} (${input.arch})`,
      answer: `${file} does not exist; see ${run.logFile}`,
    });
  }
  return file;
}
