import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { PROVENANCE_FILE } from '../../src/config/resolve-images.js';
import { InputErrors } from '../../src/errors.js';
import { BUILTINS, element, lines, makeRepo } from './repo.js';

const load = (root: string, extra: Partial<Parameters<typeof loadConfig>[0]> = {}) =>
  loadConfig({ cwd: root, env: {}, builtinElements: BUILTINS, ...extra });

describe('loadConfig: defaults and inheritance', () => {
  const root = makeRepo({
    ...element('kiln-common'),
    ...element('extra'),
    'config/images.yaml': lines(
      'defaults:',
      '  architectures: [amd64, arm64]',
      '  visibility: public',
      '  properties: { origin: kiln, tier: base }',
      '  env: { DIB_DEBUG_TRACE: 1 }',
      '  builders: { dib: "3.14.0" }',
      '  test: { boot: { timeout: 900 } }',
      'images:',
      '  base:',
      '    elements: [debian-minimal, vm, kiln-common]',
      '    env: { DIB_RELEASE: bookworm }',
      '    properties: { os_distro: debian, os_version: "12" }',
      '    test: { forbidden_files: [/root/.ssh/*] }',
      '  child:',
      '    parent: base',
      '    elements: [extra, vm]',
      '    env: { DIB_RELEASE: trixie, EXTRA: "yes" }',
      '    properties: { tier: child }',
      '    architectures: [amd64]',
      '    test: { required_files: [/etc/extra], boot: { marker: "login:" } }',
      '  grandchild:',
      '    parent: child',
      '    disk_format: raw',
      '    artifacts:',
      '      BLOB: { url: https://example.org/blob, sha256: ' + 'ab'.repeat(32) + ' }',
      '  plain:',
      '    elements: [ubuntu]',
    ),
  });

  it('fills defaults for a root image', async () => {
    const config = await load(root);
    const plain = config.images.get('plain')!;
    expect(plain).toMatchObject({
      builder: 'dib',
      builder_version: '3.14.0',
      elements: ['ubuntu'],
      architectures: ['amd64', 'arm64'],
      disk_format: 'qcow2',
      visibility: 'public',
      properties: { origin: 'kiln', tier: 'base' },
      env: { DIB_DEBUG_TRACE: '1' },
      runners: { amd64: ['self-hosted', 'linux', 'x64'], arm64: ['self-hosted', 'linux', 'arm64'] },
      artifacts: {},
      var_files: [],
    });
    // Without kiln-common nothing is required; the boot test is on with the defaults' timeout.
    expect(plain.test).toEqual({
      required_files: [],
      forbidden_files: [],
      boot: { enabled: true, timeout: 900, marker: undefined, commands: [] },
    });
    expect(plain.sites).toBeUndefined();
    expect(plain.pos).toMatchObject({ file: 'config/images.yaml', line: 26, col: 3 });
  });

  it('inherits through several levels, the child winning and lists adding up', async () => {
    const config = await load(root);
    const child = config.images.get('child')!;
    expect(child.parent).toBe('base');
    expect(child.elements).toEqual(['debian-minimal', 'vm', 'kiln-common', 'extra']);
    expect(child.env).toEqual({ DIB_DEBUG_TRACE: '1', DIB_RELEASE: 'trixie', EXTRA: 'yes' });
    expect(child.properties).toEqual({
      origin: 'kiln',
      tier: 'child',
      os_distro: 'debian',
      os_version: '12',
    });
    expect(child.architectures).toEqual(['amd64']);
    expect(child.visibility).toBe('public');
    expect(child.test.required_files).toEqual([PROVENANCE_FILE, '/etc/extra']);
    expect(child.test.forbidden_files).toEqual(['/root/.ssh/*']);
    expect(child.test.boot).toMatchObject({ enabled: true, timeout: 900, marker: 'login:' });
    expect(child.elementPos).toEqual({
      extra: { file: 'config/images.yaml', line: 16, col: 16 },
      vm: { file: 'config/images.yaml', line: 16, col: 23 },
    });

    const grandchild = config.images.get('grandchild')!;
    expect(grandchild.parent).toBe('child');
    expect(grandchild.elements).toEqual(child.elements);
    expect(grandchild.env).toEqual(child.env);
    expect(grandchild.architectures).toEqual(['amd64']);
    expect(grandchild.disk_format).toBe('raw');
    expect(grandchild.test.boot.marker).toBe('login:');
    expect(grandchild.artifacts.BLOB).toEqual({
      url: 'https://example.org/blob',
      sha256: 'ab'.repeat(32),
      pos: { file: 'config/images.yaml', line: 25, col: 7 },
    });
  });

  it('requires the provenance file only from images that use kiln-common', async () => {
    const config = await load(root);
    expect(config.images.get('base')!.test.required_files).toEqual([PROVENANCE_FILE]);
    expect(config.images.get('plain')!.test.required_files).toEqual([]);
  });

  it('keeps file order and treats missing sites.yaml and third-party.yaml as empty', async () => {
    const config = await load(root);
    expect([...config.images.keys()]).toEqual(['base', 'child', 'grandchild', 'plain']);
    expect(config.sites.size).toBe(0);
    expect(config.thirdParty.size).toBe(0);
    expect(config.root).toBe(root);
    expect(config.files.images).toBe(`${root}/config/images.yaml`);
  });

  it('leaves visibility unset when neither the image, a parent nor defaults set it (the site decides)', async () => {
    const config = await load(
      makeRepo({
        'config/images.yaml': lines(
          'images:',
          '  a: { elements: [vm] }',
          '  b: { elements: [vm], visibility: community }',
          '  c: { parent: b }',
        ),
      }),
    );
    expect(config.images.get('a')!.visibility).toBeUndefined();
    expect(config.images.get('b')!.visibility).toBe('community');
    expect(config.images.get('c')!.visibility).toBe('community');
  });
});

describe('loadConfig: sites, third-party repos, packer images', () => {
  const sha = 'c0ffee'.padEnd(40, '0');
  const root = makeRepo({
    'config/images.yaml': lines(
      'images:',
      '  k8s:',
      '    builder: packer',
      '    template: packer/k8s.pkr.hcl',
      '    var_files: [common, other/extra.pkrvars.hcl]',
      '    sites: { names: [metal] }',
    ),
    'config/sites.yaml': lines(
      'sites:',
      '  kvm: { cloud: a, kind: kvm }',
      '  metal:',
      '    cloud: b',
      '    kind: baremetal',
      '    disk_format: raw',
      '    visibility: public',
      '    keep: 5',
      '    properties: { hw_firmware_type: uefi }',
      '    require_tests: false',
      '    object_store: { container: images }',
    ),
    'config/third-party.yaml': lines(
      'elements:',
      `  tools: { repo: https://example.org/tools.git, ref: ${sha} }`,
    ),
    'packer/k8s.pkr.hcl': '',
    'packer/vars/common.pkrvars.hcl': '',
    'other/extra.pkrvars.hcl': '',
  });

  it('fills site defaults and keeps explicit values', async () => {
    const config = await load(root);
    expect(config.sites.get('kvm')).toEqual({
      name: 'kvm',
      cloud: 'a',
      kind: 'kvm',
      disk_format: 'qcow2',
      visibility: 'private',
      keep: 3,
      properties: {},
      require_tests: true,
      object_store: undefined,
      pos: { file: 'config/sites.yaml', line: 2, col: 3 },
    });
    expect(config.sites.get('metal')).toMatchObject({
      disk_format: 'raw',
      visibility: 'public',
      keep: 5,
      properties: { hw_firmware_type: 'uefi' },
      require_tests: false,
      object_store: { container: 'images', prefix: '' },
    });
  });

  it('reads third-party repos with the default elements dir', async () => {
    const config = await load(root);
    expect(config.thirdParty.get('tools')).toEqual({
      name: 'tools',
      repo: 'https://example.org/tools.git',
      ref: sha,
      elements_dir: 'elements',
      provides: undefined,
      pos: { file: 'config/third-party.yaml', line: 2, col: 3 },
    });
  });

  it('resolves var files by name next to the template, or as paths', async () => {
    const k8s = (await load(root)).images.get('k8s')!;
    expect(k8s.builder).toBe('packer');
    expect(k8s.builder_version).toBe('1.6.6');
    expect(k8s.template).toBe('packer/k8s.pkr.hcl');
    expect(k8s.var_files).toEqual(['packer/vars/common.pkrvars.hcl', 'other/extra.pkrvars.hcl']);
    expect(k8s.sites).toEqual({ names: ['metal'], pos: { file: 'config/images.yaml', line: 6, col: 12 } });
  });
});

describe('loadConfig: where the files are', () => {
  const images = (name: string) => lines('images:', `  ${name}: { elements: [vm] }`);
  const root = makeRepo({
    'config/images.yaml': images('from-default-dir'),
    'other/images.yaml': images('from-config-dir'),
    'other/sites.yaml': lines('sites:', '  s: { cloud: c, kind: kvm }'),
    'elsewhere/mine.yaml': images('from-env'),
  });

  it('reads config/ by default', async () => {
    expect([...(await load(root)).images.keys()]).toEqual(['from-default-dir']);
  });

  it('reads --config-dir', async () => {
    const config = await load(root, { configDir: 'other' });
    expect([...config.images.keys()]).toEqual(['from-config-dir']);
    expect([...config.sites.keys()]).toEqual(['s']);
  });

  it('lets KILN_IMAGES_CONFIG win over --config-dir, file by file', async () => {
    const config = await load(root, {
      configDir: 'other',
      env: { KILN_IMAGES_CONFIG: 'elsewhere/mine.yaml' },
    });
    expect([...config.images.keys()]).toEqual(['from-env']);
    expect([...config.sites.keys()]).toEqual(['s']);
  });

  it('reads KILN_SITES_CONFIG and an absolute path outside the repository', async () => {
    const outside = makeRepo({ 'sites.yaml': lines('sites:', '  far: { cloud: c, kind: kvm }') });
    const config = await load(root, { env: { KILN_SITES_CONFIG: `${outside}/sites.yaml` } });
    expect([...config.sites.keys()]).toEqual(['far']);
  });

  it('says clearly when images.yaml is missing', async () => {
    const err = await load(root, { configDir: 'nowhere' }).catch((e) => e);
    expect(err).toBeInstanceOf(InputErrors);
    expect(err.message).toBe(
      'config file not found: nowhere/images.yaml (kiln looks for config/images.yaml in the current directory; use --config-dir or KILN_IMAGES_CONFIG)',
    );
  });

  it('treats an empty sites.yaml as no sites', async () => {
    const r = makeRepo({ 'config/images.yaml': images('a'), 'config/sites.yaml': '# none yet\n' });
    expect((await load(r)).sites.size).toBe(0);
  });
});
