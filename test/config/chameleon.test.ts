// CC-Images' catalogue moved into kiln (test/support/chameleon-catalogue.ts): it validates with its
// real site names and merge keys, `kiln lock` pins its branch-following repo against a real (local)
// git repository, and its arm64 builds go only to bare-metal sites, under CC's `-ARM64` names.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { lockBranches } from '../../src/config/lock-branches.js';
import { loadConfig } from '../../src/config/load.js';
import { InputError, InputErrors } from '../../src/errors.js';
import { run } from '../../src/exec.js';
import { glanceName } from '../../src/openstack/glance-name.js';
import { sitesFor } from '../../src/publish/site-selection.js';
import {
  CC_BUILTINS,
  CC_SITES,
  CC_THIRD_PARTY,
  chameleonRepo,
  gitRepo,
} from '../support/chameleon-catalogue.js';
import { capturingLogger } from '../openstack/capturing-logger.js';
import { lines } from './repo.js';

const SITES = CC_SITES({ tacc: 'tacc', uc: 'uc', kvm: 'kvm' });
const load = (root: string) => loadConfig({ cwd: root, env: {}, builtinElements: CC_BUILTINS });
const errorsOf = async (root: string) => {
  const err = await load(root).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputErrors);
  return (err as InputErrors).errors.map((e) => e.format());
};
const lock = (root: string, update: string[] | 'all' = []) =>
  lockBranches({ update }, { cwd: root, env: {}, runner: run, logger: capturingLogger().logger });

let heat: ReturnType<typeof gitRepo>;
let first: string;
let root: string;

beforeEach(() => {
  heat = gitRepo(join(chameleonRepo({}), 'heat-agents'), 'stable/xena');
  first = heat.commit('heat-agents for xena');
  root = chameleonRepo({ 'config/sites.yaml': SITES, 'config/third-party.yaml': CC_THIRD_PARTY(heat.dir) });
});

describe("CC-Images' catalogue", () => {
  it('validates once its branch is locked, with its site names, merge keys and x- anchor holders', async () => {
    expect(await errorsOf(root)).toEqual([
      "config/third-party.yaml:4:13: branch 'stable/xena' of 'heat-agents' is not in third-party.lock.yaml (run `kiln lock` and commit the lock file)",
    ]);
    const changes = await lock(root);
    expect(changes).toEqual([{ name: 'heat-agents', branch: 'stable/xena', commit: first, was: undefined }]);
    const config = await load(root);
    expect([...config.sites.keys()]).toEqual(['CHI@TACC', 'CHI@UC', 'KVM@TACC']);
    expect(config.sites.get('CHI@UC')).toMatchObject({ kind: 'baremetal', keep: 2, visibility: 'public' });
    expect(config.thirdParty.get('heat-agents')).toMatchObject({ ref: first, branch: 'stable/xena' });
    const cuda = config.images.get('CC-Ubuntu22.04-CUDA')!;
    expect(cuda.elements).toEqual(['ubuntu', 'vm', 'cc-common', 'cc-ubuntu22.04-cuda', 'heat-config']);
    expect(cuda.architectures).toEqual(['amd64']);
    expect(cuda.properties).toEqual({ distro: 'ubuntu', release: 'jammy', variant: 'gpu' });
  });

  it('names arm64 builds -ARM64 and sends them only to the bare-metal sites', async () => {
    await lock(root);
    const config = await load(root);
    const ubuntu = config.images.get('CC-Ubuntu22.04')!;
    expect(glanceName(ubuntu, 'amd64')).toBe('CC-Ubuntu22.04');
    expect(glanceName(ubuntu, 'arm64')).toBe('CC-Ubuntu22.04-ARM64');
    const arm = sitesFor(ubuntu, 'arm64', config.sites, []);
    expect(arm.sites.map((s) => s.name)).toEqual(['CHI@TACC', 'CHI@UC']);
    expect(arm.skipped.map((s) => [s.site.name, s.why])).toEqual([
      ['KVM@TACC', 'site KVM@TACC takes only amd64 (architectures in sites.yaml)'],
    ]);
    expect(sitesFor(ubuntu, 'amd64', config.sites, []).sites.map((s) => s.name)).toEqual([
      'CHI@TACC',
      'CHI@UC',
      'KVM@TACC',
    ]);
    // Naming that site for that build is bad input; for the amd64 build it is fine.
    expect(() => sitesFor(ubuntu, 'arm64', config.sites, ['KVM@TACC'])).toThrow(InputError);
    expect(() => sitesFor(ubuntu, 'arm64', config.sites, ['KVM@TACC'])).toThrow(
      "--site KVM@TACC: the arm64 build of 'CC-Ubuntu22.04' is never published there",
    );
    expect(sitesFor(ubuntu, 'amd64', config.sites, ['KVM@TACC']).sites.map((s) => s.name)).toEqual([
      'KVM@TACC',
    ]);
  });

  it('kiln lock keeps a pin while the branch moves, and moves it only when asked', async () => {
    await lock(root);
    const second = heat.commit('a fix on stable/xena');
    expect((await load(root)).thirdParty.get('heat-agents')!.ref).toBe(first);
    expect((await lock(root))[0]).toMatchObject({ commit: first, was: first });
    expect((await load(root)).thirdParty.get('heat-agents')!.ref).toBe(first);
    expect((await lock(root, ['heat-agents']))[0]).toMatchObject({ commit: second, was: first });
    expect((await load(root)).thirdParty.get('heat-agents')!.ref).toBe(second);
    const text = readFileSync(join(root, 'config/third-party.lock.yaml'), 'utf8');
    expect(text).toContain(`commit: "${second}"`);
    // The same lock again writes the same bytes.
    await lock(root);
    expect(readFileSync(join(root, 'config/third-party.lock.yaml'), 'utf8')).toBe(text);
  });

  it('a lock entry for another branch or repo is stale: bad input that says to run kiln lock', async () => {
    await lock(root);
    writeFileSync(join(root, 'config/third-party.yaml'), CC_THIRD_PARTY(heat.dir).replace('xena', 'yoga'));
    expect(await errorsOf(root)).toEqual([
      `config/third-party.yaml:4:13: third-party.lock.yaml pins 'heat-agents' to branch 'stable/xena' of ${heat.dir}, not branch 'stable/yoga' of ${heat.dir} (run \`kiln lock\` and commit the lock file)`,
    ]);
    // ... and `kiln lock` finds that branch missing in the repo, at its line.
    await expect(lock(root)).rejects.toThrow(
      `branch 'stable/yoga' of 'heat-agents' does not exist in ${heat.dir}`,
    );
    await expect(lock(root, ['nope'])).rejects.toThrow(
      "kiln lock --update: 'nope' does not follow a branch in config/third-party.yaml",
    );
  });

  it('says what CC spells differently, once per error, at the line the merged content came from', async () => {
    await lock(root);
    const cc = chameleonRepo({
      'config/sites.yaml': SITES,
      'config/third-party.yaml': readFileSync(join(root, 'config/third-party.yaml'), 'utf8'),
      'config/third-party.lock.yaml': readFileSync(join(root, 'config/third-party.lock.yaml'), 'utf8'),
      'config/images.yaml': lines(
        'x-base: &base', // 1
        '  elements: [ubuntu, vm]', // 2
        '  arch: [amd64, arm64]', // 3
        'images:', // 4
        '  CC-Ubuntu22.04: { <<: *base }', // 5
        '  CC-Ubuntu24.04: { <<: *base }', // 6
        '  CC-Ubuntu22.04-CUDA:', // 7
        '    depends: CC-Ubuntu22.04', // 8
        '    baremetal-only: true', // 9
        '    artifacts:', // 10
        `      A: { url: https://example.org/a, sha256: ${'1'.repeat(64)} }`, // 11
        `      B: { url: https://example.org/b, sha256: ${'0'.repeat(64)} }`, // 12
      ),
    });
    expect(await errorsOf(cc)).toEqual([
      "config/images.yaml:3:3: unknown key 'arch' in 'images.CC-Ubuntu22.04' (kiln calls it 'architectures')",
      "config/images.yaml:8:5: unknown key 'depends' in 'images.CC-Ubuntu22.04-CUDA' (kiln calls it 'parent')",
      "config/images.yaml:9:5: unknown key 'baremetal-only' in 'images.CC-Ubuntu22.04-CUDA' (kiln calls it 'sites: { kind: baremetal }')",
      'config/images.yaml:11:48: expected a string, got a number: YAML reads unquoted digits as a number (quote the value as written, e.g. sha256: "0123...")',
    ]);
  });

  it('an all-zero checksum is a warning, quoted or not', async () => {
    await lock(root);
    const zeros = '0'.repeat(64);
    writeFileSync(
      join(root, 'config/images.yaml'),
      readFileSync(join(root, 'config/images.yaml'), 'utf8').replace(
        '    elements: [cc-ubuntu24.04-cuda]\n',
        `    elements: [cc-ubuntu24.04-cuda]\n    artifacts:\n      A: { url: https://example.org/a, sha256: ${zeros} }\n      B: { url: https://example.org/b, sha256: "${zeros}" }\n`,
      ),
    );
    const config = await load(root);
    expect(config.warnings!.map((w) => w.message)).toEqual([
      "artifact A of image 'CC-Ubuntu24.04-CUDA' has a placeholder sha256 (all zeros): building it will fail",
      "artifact B of image 'CC-Ubuntu24.04-CUDA' has a placeholder sha256 (all zeros): building it will fail",
    ]);
  });

  it('refuses two builds on one Glance name of one site, and templates with unknown fields', async () => {
    await lock(root);
    const images = readFileSync(join(root, 'config/images.yaml'), 'utf8');
    writeFileSync(
      join(root, 'config/images.yaml'),
      images
        .replace('glance_name: { arm64: "{image}-{ARCH}" }', 'glance_name: { arm64: "{image}" }')
        .replace(
          '  CC-CentOS9-Stream:\n',
          '  CC-CentOS9-Stream:\n    glance_name: { amd64: "{image}-{release}" }\n',
        ),
    );
    expect(await errorsOf(root)).toEqual([
      "config/images.yaml:15:3: 'CC-Ubuntu22.04' (amd64) and 'CC-Ubuntu22.04' (arm64) would both be published as 'CC-Ubuntu22.04' on site CHI@TACC (give each build its own name with glance_name, or publish them to different sites)",
      "config/images.yaml:23:3: 'CC-Ubuntu24.04' (amd64) and 'CC-Ubuntu24.04' (arm64) would both be published as 'CC-Ubuntu24.04' on site CHI@TACC (give each build its own name with glance_name, or publish them to different sites)",
      'config/images.yaml:32:27: expected a name template: text with {image}, {arch} or {ARCH}',
    ]);
  });
});
