// CC-Images' catalogue (ChameleonCloud/CC-Images, config/images.yaml, sites.yaml, third-party.yaml)
// as it reads once moved to kiln: its real image names, parents and architectures (arm64 builds named
// `-ARM64`, GPU images bare-metal only), its real site names, anchors shared through merge keys, and
// a third-party repo that follows a branch (`stable/xena`, as CC's heat-agents does).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const CC_IMAGES = `# CC-Images' images.yaml in kiln's words. \`arch\` is \`architectures\`, \`depends\` is \`parent\`,
# \`baremetal-only: true\` is \`sites: { kind: baremetal }\`, \`provenance\` goes to Glance properties.
x-ubuntu: &ubuntu
  elements: [ubuntu, vm, cc-common]
  architectures: [amd64, arm64]
x-gpu: &gpu
  sites: { kind: baremetal }
  architectures: [amd64]
  properties: { variant: gpu }
defaults:
  disk_format: qcow2
  # CC names its arm64 builds CC-Ubuntu22.04-ARM64.
  glance_name: { arm64: "{image}-{ARCH}" }
images:
  CC-Ubuntu22.04:
    <<: *ubuntu
    env: { DIB_RELEASE: jammy }
    properties: { distro: ubuntu, release: jammy, variant: base }
  CC-Ubuntu22.04-CUDA:
    <<: *gpu
    parent: CC-Ubuntu22.04
    elements: [cc-ubuntu22.04-cuda, heat-config]
  CC-Ubuntu24.04:
    <<: *ubuntu
    env: { DIB_RELEASE: noble }
    properties: { distro: ubuntu, release: noble, variant: base }
  CC-Ubuntu24.04-CUDA:
    <<: *gpu
    parent: CC-Ubuntu24.04
    elements: [cc-ubuntu24.04-cuda]
  CC-CentOS9-Stream:
    elements: [centos, vm, cc-common]
    env: { DIB_RELEASE: 9-stream }
    properties: { distro: centos, release: 9-stream, variant: base }
`;

export const CC_SITES = (clouds: {
  tacc: string;
  uc?: string;
  kvm: string;
}) => `# CC-Images' sites.yaml: its site names as they are.
x-chi: &chi
  kind: baremetal
  disk_format: qcow2
  visibility: public
  keep: 2
  require_tests: false
sites:
  CHI@TACC:
    <<: *chi
    cloud: ${clouds.tacc}
    object_store: { container: chameleon-supported-images }
${
  clouds.uc === undefined
    ? ''
    : `  CHI@UC:
    <<: *chi
    cloud: ${clouds.uc}
`
}  KVM@TACC:
    cloud: ${clouds.kvm}
    kind: kvm
    keep: 2
    require_tests: false
    # CC builds arm64 for bare metal only.
    architectures: [amd64]
`;

export const CC_THIRD_PARTY = (heatAgents: string) => `elements:
  heat-agents:
    repo: ${heatAgents}
    branch: stable/xena
    elements_dir: .
    provides: [heat-config]
`;

/** Element names CC's images use that are DIB built-ins (so tests do not depend on the installed DIB). */
export const CC_BUILTINS: ReadonlySet<string> = new Set(['ubuntu', 'vm', 'centos', 'package-installs']);

/** A local git repository standing in for a third-party repo, with `branch` at one commit. */
export function gitRepo(dir: string, branch: string): { dir: string; commit: (msg: string) => string } {
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@e',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@e',
      },
    }).trim();
  git('init', '--quiet', '-b', branch);
  let n = 0;
  const commit = (msg: string) => {
    mkdirSync(join(dir, 'heat-config'), { recursive: true });
    writeFileSync(join(dir, 'heat-config', 'README.rst'), `${msg} ${++n}\n`);
    git('add', '-A');
    git('commit', '--quiet', '-m', msg);
    return git('rev-parse', 'HEAD');
  };
  return { dir, commit };
}

/** A fresh folder holding the catalogue's config/ and elements/ (files: path -> text, added). */
export function chameleonRepo(files: Record<string, string>): string {
  const base = process.env.KILN_TEST_RUN_DIR ?? tmpdir();
  mkdirSync(base, { recursive: true });
  const root = mkdtempSync(join(base, 'chameleon-'));
  const all: Record<string, string> = {
    'config/images.yaml': CC_IMAGES,
    'elements/cc-common/element-deps': 'package-installs\n',
    'elements/cc-ubuntu22.04-cuda/element-deps': '',
    'elements/cc-ubuntu24.04-cuda/element-deps': '',
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
