// Packer's -machine-readable lines as Packer 1.6.6 prints them, and what kiln takes from them.
import { describe, expect, it } from 'vitest';
import { packerPluginCacheSpec } from '../../src/action/build-cache.js';
import { hasPlugins } from '../../src/image-build/packer-driver.js';
import { ArtifactFiles, packerStep } from '../../src/image-build/packer-output.js';
import { imageConfig } from '../publish/fixtures.js';

describe('packer machine-readable output', () => {
  it('takes the first file of the last artifact of the build that made files', () => {
    const a = new ArtifactFiles();
    for (const line of [
      '1796621307,,ui,say,==> qemu.node: Starting VM%!(PACKER_COMMA) booting from CD-ROM',
      '1796621309,qemu.node,artifact-count,2',
      '1796621309,qemu.node,artifact,0,builder-id,transcend.qemu',
      '1796621309,qemu.node,artifact,0,files-count,1',
      '1796621309,qemu.node,artifact,0,file,0,output-qemu/packer-node',
      '1796621309,qemu.node,artifact,0,end',
      '1796621309,qemu.node,artifact,1,builder-id,packer.post-processor.compress',
      '1796621309,qemu.node,artifact,1,file,0,out/node%!(PACKER_COMMA)v1.qcow2',
      '1796621309,qemu.node,artifact,1,file,1,out/node.sha256',
      '1796621310,null.n,artifact,0,files-count,0',
    ])
      a.add(line);
    expect(a.builds()).toEqual(['qemu.node']);
    expect(a.image('qemu.node')).toBe('out/node,v1.qcow2');
    expect(a.image('null.n')).toBeUndefined();
  });

  it('reads the step from ui lines, machine-readable or not', () => {
    expect(packerStep('1796621307,,ui,say,==> qemu.node: Starting VM%!(PACKER_COMMA) booting')).toBe(
      'Starting VM, booting',
    );
    expect(packerStep('==> null.n: Running post-processor: manifest')).toBe(
      'Running post-processor: manifest',
    );
    expect(packerStep('1796621309,qemu.node,artifact,0,file,0,x')).toBeUndefined();
  });

  it('caches plugins only for versions that have them', () => {
    expect([hasPlugins('1.6.6'), hasPlugins('1.7.0'), hasPlugins('1.11.2'), hasPlugins('2.0.0')]).toEqual([
      false,
      true,
      true,
      true,
    ]);
    const images = [
      imageConfig('a', { builder: 'packer', builder_version: '1.11.2', template: 'packer/a.pkr.hcl' }),
      imageConfig('b', { builder: 'packer', builder_version: '1.11.2', template: 'packer/b.pkr.hcl' }),
    ];
    const spec = packerPluginCacheSpec(images, 'amd64', '/cache/packer-plugins');
    expect(spec.paths).toEqual(['/cache/packer-plugins']);
    expect(spec.key).toMatch(/^kiln-packer-plugins-amd64-1\.11\.2-[0-9a-f]{16}$/);
    expect(spec.restoreKeys).toEqual(['kiln-packer-plugins-amd64-1.11.2-']);
    expect(packerPluginCacheSpec(images.slice(0, 1), 'amd64', '/c').key).not.toBe(spec.key);
  });
});
