// kiln's own catalogue (config/) is valid, with the installed DIB and with the committed list.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { PROVENANCE_FILE } from '../../src/config/resolve-images.js';

const root = process.cwd();

describe("kiln's own catalogue", () => {
  it.each([
    ['the installed DIB (or the committed list without DIB)', undefined],
    ['the committed DIB 3.13 list', null],
  ])('loads with %s', async (_label, builtinElements) => {
    const config = await loadConfig({ cwd: root, env: {}, builtinElements });
    expect(config.warnings!.map((w) => w.message)).toEqual([]);
    expect([...config.images.keys()]).toEqual(
      expect.arrayContaining(['ubuntu-22.04', 'ubuntu-24.04', 'debian-12', 'rocky-9', 'debian-12-minimal']),
    );
    expect([...config.sites.values()].map((s) => s.kind).sort()).toEqual(['baremetal', 'kvm']);
  });

  it('has CUDA children of the Ubuntu images, for bare-metal sites only, with a checksummed runfile', async () => {
    const config = await loadConfig({ cwd: root, env: {} });
    for (const parent of ['ubuntu-22.04', 'ubuntu-24.04']) {
      const cuda = config.images.get(`${parent}-cuda`)!;
      expect(cuda.parent).toBe(parent);
      expect(cuda.elements).toEqual([...config.images.get(parent)!.elements, 'cuda']);
      expect(cuda.sites?.kind).toBe('baremetal');
      expect(cuda.artifacts.CUDA_RUN.url).toMatch(/^https:\/\/developer\.download\.nvidia\.com\/.+\.run$/);
      expect(cuda.artifacts.CUDA_RUN.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('builds arm64 where the distribution supports it and has one Packer image', async () => {
    const config = await loadConfig({ cwd: root, env: {} });
    for (const name of ['ubuntu-22.04', 'ubuntu-24.04', 'debian-12', 'rocky-9']) {
      expect(config.images.get(name)!.architectures).toEqual(['amd64', 'arm64']);
    }
    const packer = [...config.images.values()].filter((i) => i.builder === 'packer');
    expect(packer.map((i) => [i.name, i.template, i.var_files])).toEqual([
      [
        'kubernetes-1.30',
        'packer/kubernetes.pkr.hcl',
        ['packer/vars/common.pkrvars.hcl', 'packer/vars/kubernetes_1_30.pkrvars.hcl'],
      ],
    ]);
  });

  it('has a small demo image: debian-minimal, kiln-common, bookworm, amd64', async () => {
    const demo = (await loadConfig({ cwd: root, env: {} })).images.get('debian-12-minimal')!;
    expect(demo.elements).toEqual(['debian-minimal', 'vm', 'kiln-common']);
    expect(demo.env.DIB_RELEASE).toBe('bookworm');
    expect(demo.architectures).toEqual(['amd64']);
    expect(demo.test.required_files).toContain(PROVENANCE_FILE);
  });
});
