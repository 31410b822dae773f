// DIB cache effect: the same small Debian image (the test fixture's definition) built twice through
// kiln's build core with a fresh kiln cache: first cold (debootstrap from the mirror), then again
// with --force and warm caches (kiln's per-arch DIB image cache with the debootstrap tarball).
// Prints both wall times and their ratio. Takes several minutes. Ctrl-C (SIGINT) or SIGTERM stops
// the build through kiln's own stop path: DIB runs in a process group of its own, which a terminal's
// Ctrl-C never reaches, so dying on the signal would leave it running with its mounts.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buildImages } from '../../src/image-build/build-images.js';
import { silentLogger } from '../../src/log.js';
import { buildDeps, invocation, loadProject } from '../../src/wiring.js';
import { builderEnv, REPO_ROOT, TEST_IMAGE_NAME, writeTestRepo } from '../../test/support/debian-image.js';
import { machine } from './support/report.js';

export async function run(): Promise<void> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, onSignal);
  const dir = await mkdtemp(join(REPO_ROOT, '.cache', 'bench-dib-'));
  try {
    await writeTestRepo(dir);
    const env = builderEnv({ KILN_CACHE_DIR: join(dir, 'kiln-cache') });
    const build = async (force: boolean) => {
      const started = performance.now();
      const inv = invocation({ cwd: dir, env, logger: silentLogger, signal: stop.signal });
      const res = await buildImages(
        { images: [TEST_IMAGE_NAME], arches: ['amd64'], output: join(dir, 'out'), force },
        await buildDeps(inv, await loadProject({ cwd: dir, env })),
      );
      if (stop.signal.aborted) throw new Error('bench stopped: the build was stopped and cleaned up');
      if (res.exitCode !== 0) throw new Error(`bench build failed:\n${res.summary}`);
      return (performance.now() - started) / 1000;
    };
    const cold = await build(false);
    const warm = await build(true);
    console.log(`DIB build of ${TEST_IMAGE_NAME} (debian-minimal + vm + kiln-common):`);
    console.log(`  cold caches: ${cold.toFixed(1)} s`);
    console.log(`  warm caches (--force): ${warm.toFixed(1)} s`);
    console.log(`  warm / cold: ${(warm / cold).toFixed(2)}`);
    machine();
  } finally {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.off(sig, onSignal);
    await rm(dir, { recursive: true, force: true });
  }
}
