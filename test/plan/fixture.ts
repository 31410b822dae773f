// A small kiln repository on disk for plan tests: a catalogue with a three-deep parent chain, an
// unrelated DIB image and a Packer image, project elements with element-deps chains.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type RepoFiles = Record<string, string | { text: string; mode: number }>;

export const IMAGES_YAML = `defaults:
  architectures: [amd64, arm64]
  runners: { amd64: [self-hosted, x64], arm64: [self-hosted, arm64] }
images:
  base-os:
    elements: [debian-minimal, vm, common]
  base-os-gpu:
    parent: base-os
    elements: [gpu]
  base-os-gpu-ml:
    parent: base-os-gpu
    elements: [ml]
  other:
    elements: [ubuntu, vm, other-el]
    architectures: [amd64]
  k8s:
    builder: packer
    template: packer/k8s.pkr.hcl
    var_files: [common]
    architectures: [amd64]
`;

export const REPO: RepoFiles = {
  'config/images.yaml': IMAGES_YAML,
  'elements/common/element-deps': 'cloud-init\nhelper\n',
  'elements/common/install.d/10-common': {
    text: '#!/bin/bash\nset -eu -o pipefail\necho common\n',
    mode: 0o755,
  },
  'elements/helper/install.d/20-helper': { text: '#!/bin/bash\necho helper\n', mode: 0o755 },
  'elements/gpu/element-deps': 'helper\n',
  'elements/gpu/install.d/30-gpu': { text: '#!/bin/bash\necho gpu\n', mode: 0o755 },
  'elements/ml/package-installs.yaml': 'python3:\n',
  'elements/other-el/element-deps': 'deep-1\n',
  'elements/deep-1/element-deps': 'deep-2\n',
  'elements/deep-2/README.rst': 'the end of a chain\n',
  'packer/k8s.pkr.hcl':
    'variable "version" { type = string }\nsource "null" "k8s" { communicator = "none" }\n' +
    'build {\n  sources = ["source.null.k8s"]\n  provisioner "shell" { script = "${path.root}/scripts/node.sh" }\n}\n',
  'packer/other.pkr.hcl': 'source "null" "other" { communicator = "none" }\n',
  'packer/vars/common.pkrvars.hcl': 'version = "1.30"\n',
  'packer/vars/unused.pkrvars.hcl': 'version = "0"\n',
  'packer/scripts/node.sh': { text: '#!/bin/bash\nset -eu -o pipefail\necho node\n', mode: 0o755 },
};

/** Writes `files` into `dir` (created when missing); returns `dir`. */
export function writeRepo(dir: string, files: RepoFiles = REPO): string {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    const { text, mode } = typeof content === 'string' ? { text: content, mode: 0o644 } : content;
    writeFileSync(full, text);
    chmodSync(full, mode);
  }
  return dir;
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'kiln test',
  GIT_AUTHOR_EMAIL: 'test@example.org',
  GIT_COMMITTER_NAME: 'kiln test',
  GIT_COMMITTER_EMAIL: 'test@example.org',
};

/** git in `cwd` with a fixed author; its output, trimmed. */
export const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' }).trim();

export function commitAll(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}

/** A committed copy of the fixture repository (branch main), in a fresh scratch folder. */
export function gitRepo(prefix: string): string {
  const dir = writeRepo(scratch(prefix));
  git(dir, 'init', '-q', '-b', 'main');
  commitAll(dir, 'catalogue');
  return dir;
}

/** A fresh folder under this test run's scratch folder. */
export function scratch(prefix: string): string {
  const base = process.env.KILN_TEST_RUN_DIR ?? mkdtempSync('/tmp/kiln-plan-');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${prefix}-`));
}

/**
 * File contents as digests, for comparing what two trees read: vitest's deep equality walks a
 * Buffer byte by byte (a minute for a few MB), a digest compares the same bytes at once.
 */
export function digests(files: (Buffer | undefined)[]): (string | undefined)[] {
  return files.map((f) => f && createHash('sha256').update(f).digest('hex'));
}

/** 714 groups of 7 (a root, a child, a grandchild, four more children) and 2 roots: 5,000 images. */
export function bigCatalogue(): string {
  const lines = [
    'defaults:',
    '  architectures: [amd64]',
    '  runners: { amd64: [self-hosted, x64], arm64: [self-hosted, arm64] }',
    'images:',
  ];
  for (let g = 0; g < 714; g++) {
    const root = `img-${String(g).padStart(4, '0')}`;
    lines.push(`  ${root}:`, '    elements: [debian-minimal, vm]');
    // Every fifth group also builds for arm64; every seventh runs on other labels.
    if (g % 5 === 0) lines.push('    architectures: [amd64, arm64]');
    if (g % 7 === 0) lines.push('    runners: { amd64: [self-hosted, x64, big] }');
    lines.push(`  ${root}-a:`, `    parent: ${root}`, '    elements: [devuser]');
    lines.push(`  ${root}-a-b:`, `    parent: ${root}-a`, '    elements: [devuser]');
    for (let c = 0; c < 4; c++)
      lines.push(`  ${root}-c${c}:`, `    parent: ${root}`, '    elements: [devuser]');
  }
  lines.push(
    '  lone-1:',
    '    elements: [debian-minimal, vm]',
    '  lone-2:',
    '    elements: [debian-minimal, vm]',
  );
  return lines.join('\n') + '\n';
}
