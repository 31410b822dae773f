// kiln's own DIB elements and Packer template, checked with the real tools: dib-lint, bash running
// the provenance script, and `packer validate`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elementsPath, locateElement } from '../../src/config/elements-path.js';
import { workTree } from '../../src/config/source-tree.js';
import { itIfInstalled } from '../support/requires.js';

const root = process.cwd();
const scratch = () => mkdtempSync(join(process.env.KILN_TEST_RUN_DIR ?? tmpdir(), 'elements-'));

describe("kiln's DIB elements", () => {
  itIfInstalled(['dib-lint'])('pass dib-lint', () => {
    // LIB_DIR would lint DIB's own library; point it at an empty folder.
    const res = spawnSync('dib-lint', [], {
      cwd: root,
      env: { ...process.env, ELEMENTS_DIR: 'elements', LIB_DIR: scratch() },
      encoding: 'utf8',
    });
    expect(res.stdout + res.stderr).toContain('PASS');
    expect(res.status).toBe(0);
  });

  it('depend only on elements that exist on the elements path', async () => {
    const path = await elementsPath(
      { root, thirdParty: new Map() },
      { tree: workTree(root), builtinElements: null },
    );
    for (const name of readdirSync('elements')) {
      const deps = readFileSync(join('elements', name, 'element-deps'), 'utf8')
        .split('\n')
        .filter(Boolean);
      for (const dep of deps) expect(locateElement(dep, path), `${name} -> ${dep}`).toBeDefined();
    }
  });

  it('kiln-common writes /etc/kiln/provenance.json from the KILN_* variables, as valid JSON', () => {
    const dir = scratch();
    // The script writes to /etc/kiln inside the chroot; run a copy that writes to a scratch folder.
    const script = readFileSync('elements/kiln-common/post-install.d/80-kiln-provenance', 'utf8').replaceAll(
      '/etc/kiln',
      dir,
    );
    writeFileSync(join(dir, 'script'), script);
    const env = {
      PATH: process.env.PATH,
      KILN_IMAGE_NAME: 'debian-12',
      KILN_BUILD_KEY: 'f'.repeat(64),
      KILN_GIT_SHA: 'a'.repeat(40),
      KILN_BUILD_DATE: '2026-01-02T03:04:05.000Z',
      KILN_BUILD_URL: 'https://github.com/ChameleonCloud/CC-Images/actions/runs/42',
      ARCH: 'amd64',
      DIB_RELEASE: 'book"worm\\',
    };
    const res = spawnSync('bash', [join(dir, 'script')], { env, encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'provenance.json'), 'utf8'))).toEqual({
      image: 'debian-12',
      build_key: 'f'.repeat(64),
      git_sha: 'a'.repeat(40),
      build_date: '2026-01-02T03:04:05.000Z',
      build_url: 'https://github.com/ChameleonCloud/CC-Images/actions/runs/42',
      arch: 'amd64',
      dib_release: 'book"worm\\',
    });

    const bad = spawnSync('bash', [join(dir, 'script')], {
      env: { ...env, KILN_IMAGE_NAME: 'a\nb' },
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('control character');
  });

  it('kiln-common defaults the KILN_* variables for builds outside kiln', () => {
    const res = spawnSync(
      'bash',
      [
        '-c',
        'set -eu; source elements/kiln-common/environment.d/10-kiln-common.bash; echo "$KILN_IMAGE_NAME:$KILN_BUILD_KEY:$KILN_INSTALL_CLOUD_INIT"',
      ],
      { cwd: root, env: { PATH: process.env.PATH, KILN_BUILD_KEY: 'k' }, encoding: 'utf8' },
    );
    expect(res.stdout).toBe('unknown:k:1\n');
  });

  it('rocky points the centos element at the Rocky cloud image for the build architecture', () => {
    const run = (arch: string) =>
      spawnSync(
        'bash',
        [
          '-c',
          'set -eu; source elements/rocky/environment.d/20-rocky-cloud-image.bash; echo "$DIB_CLOUD_IMAGES/$BASE_IMAGE_FILE"',
        ],
        { cwd: root, env: { PATH: process.env.PATH, ARCH: arch }, encoding: 'utf8' },
      );
    expect(run('arm64').stdout).toBe(
      'https://dl.rockylinux.org/pub/rocky/9/images/aarch64/Rocky-9-GenericCloud-Base.latest.aarch64.qcow2\n',
    );
    expect(run('amd64').stdout).toContain('/images/x86_64/Rocky-9-GenericCloud-Base.latest.x86_64.qcow2');
    expect(run('s390x').status).not.toBe(0);
  });
});

describe("kiln's Packer template", () => {
  itIfInstalled(['packer'])('passes packer validate with its var files', () => {
    const validate = (varFiles: string[]) =>
      spawnSync(
        'packer',
        [
          'validate',
          ...varFiles.flatMap((f) => ['-var-file', `packer/vars/${f}.pkrvars.hcl`]),
          // The real checksum is a SHA256SUMS URL, which validate would download (no network in tests).
          '-var',
          'base_image_checksum=none',
          '-var',
          `kiln_output_dir=${scratch()}`,
          'packer/kubernetes.pkr.hcl',
        ],
        { cwd: root, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } },
      );
    const res = validate(['common', 'kubernetes_1_30']);
    expect(res.stderr + res.stdout).not.toContain('Error');
    expect(res.status).toBe(0);
    // Without the Kubernetes var file the template is incomplete: validate notices.
    const partial = validate(['common']);
    expect(partial.stderr + partial.stdout).toContain('Unset variable "kubernetes_minor"');
    expect(partial.status).not.toBe(0);
  });
});
