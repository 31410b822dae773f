// A project whose disk-image-create is a stand-in script first on PATH, for tests of how kiln runs,
// follows and stops a builder (DIB itself is exercised by the dib-*.integration tests). The script
// finds its folder for notes and go-aheads in STAND_IN_STATE.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StandInProject {
  dir: string;
  /** STAND_IN_STATE: where the script writes what it saw and waits for files the test writes. */
  state: string;
  /** KILN_CACHE_DIR. */
  cache: string;
  /** `--output` for kiln build. */
  out: string;
  /** Variables to add to kiln's environment (not the whole environment). */
  env: NodeJS.ProcessEnv;
}

export function standInProject(prefix: string, imagesYaml: string, script: string): StandInProject {
  const dir = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, prefix));
  for (const sub of ['bin', 'state', 'config']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'config', 'images.yaml'), imagesYaml);
  writeFileSync(join(dir, 'bin', 'disk-image-create'), script);
  chmodSync(join(dir, 'bin', 'disk-image-create'), 0o755);
  const state = join(dir, 'state');
  const cache = join(dir, 'cache');
  return {
    dir,
    state,
    cache,
    out: join(dir, 'out'),
    env: {
      PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
      KILN_CACHE_DIR: cache,
      STAND_IN_STATE: state,
      GITHUB_ACTIONS: '',
    },
  };
}
