import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostDebianMirrors, hostMirrorEnv } from '../../src/image-build/debian-mirror.js';
import { dibArgs, dibEnv, dibPhase } from '../../src/image-build/dib-driver.js';
import type { ResolvedImage } from '../../src/config/types.js';

function aptDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'apt-'));
  mkdirSync(join(dir, 'sources.list.d'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const DEB822 = `Types: deb
URIs: http://mirror.test/debian/
Suites: bookworm bookworm-updates
Components: main

Types: deb-src
URIs: http://src.test/debian
Suites: bookworm

Types: deb
URIs: http://mirror.test/debian-security
Suites: bookworm-security
Components: main
`;

describe('host Debian mirrors from the apt sources', () => {
  it('reads deb822 .sources files', async () => {
    const dir = aptDir({ 'sources.list.d/debian.sources': DEB822 });
    expect(await hostDebianMirrors('bookworm', dir)).toEqual({
      mirror: 'http://mirror.test/debian',
      security: 'http://mirror.test/debian-security',
    });
  });

  it('reads one-line sources.list entries', async () => {
    const dir = aptDir({
      'sources.list':
        '# comment\ndeb [arch=amd64] http://old.test/debian bookworm main\ndeb http://old.test/sec bookworm-security main\n',
    });
    expect(await hostDebianMirrors('bookworm', dir)).toEqual({
      mirror: 'http://old.test/debian',
      security: 'http://old.test/sec',
    });
    expect(await hostDebianMirrors('trixie', dir)).toBeUndefined();
  });

  it('gives DIB the mirror variables, leaving what the image sets alone', async () => {
    const dir = aptDir({ 'sources.list.d/debian.sources': DEB822 });
    expect(await hostMirrorEnv({ DIB_RELEASE: 'bookworm' }, dir)).toEqual({
      DIB_DISTRIBUTION_MIRROR: 'http://mirror.test/debian',
      DIB_DEBIAN_SECURITY_MIRROR: 'http://mirror.test/debian-security',
      DIB_DEBIAN_SECURITY_SUBPATH: '-security',
    });
    expect(await hostMirrorEnv({ DIB_DISTRIBUTION_MIRROR: 'http://own.test' }, dir)).toEqual({});
  });
});

describe('DIB command line', () => {
  const image = {
    name: 'img',
    builder: 'dib',
    elements: ['debian-minimal', 'vm', 'kiln-common'],
    env: { DIB_RELEASE: 'bookworm', DIB_DISTRIBUTION_MIRROR: 'http://own.test' },
    disk_format: 'raw',
    artifacts: {},
  } as unknown as ResolvedImage;
  const input = {
    image,
    arch: 'arm64' as const,
    key: 'k'.repeat(64),
    elementsPath: ['/repo/elements', '/cache/third-party/x/sha/elements'],
    outputBase: '/work/img',
    imageCache: '/cache/dib-image-cache/arm64',
    artifacts: { CUDA_RUN: '/cache/artifacts/sha256/ab' },
    gitSha: 'g'.repeat(40),
    buildDate: new Date('2026-01-02T03:04:05Z'),
    extraEnv: { DIB_DISTRIBUTION_MIRROR: 'http://host.test', DIB_DEBIAN_SECURITY_SUBPATH: '-security' },
  };

  it('passes arch, format, output, image cache and elements as separate arguments', () => {
    expect(dibArgs(input)).toEqual([
      '-a',
      'arm64',
      '-t',
      'raw',
      '-o',
      '/work/img',
      '--image-cache',
      '/cache/dib-image-cache/arm64',
      'debian-minimal',
      'vm',
      'kiln-common',
    ]);
  });

  it('exports elements path, artifacts and kiln-common variables, never TMPDIR', () => {
    const env = dibEnv(input, { PATH: '/usr/bin', TMPDIR: '/somewhere' });
    expect(env.TMPDIR).toBeUndefined();
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      ELEMENTS_PATH: '/repo/elements:/cache/third-party/x/sha/elements',
      CUDA_RUN: '/cache/artifacts/sha256/ab',
      KILN_IMAGE_NAME: 'img',
      KILN_BUILD_KEY: 'k'.repeat(64),
      KILN_GIT_SHA: 'g'.repeat(40),
      KILN_BUILD_DATE: '2026-01-02T03:04:05.000Z',
      DIB_RELEASE: 'bookworm',
      // The image's own setting wins over the host mirror.
      DIB_DISTRIBUTION_MIRROR: 'http://own.test',
      DIB_DEBIAN_SECURITY_SUBPATH: '-security',
    });
  });

  it('recognises DIB phases in its log lines', () => {
    expect(
      dibPhase('2026-11-22 02:55:35.866 | Running hooks from /tmp/dib_build.oLs1tZWS/hooks/root.d'),
    ).toBe('root.d');
    expect(
      dibPhase('2026-11-22 02:57:56 | dib-run-parts Running /tmp/in_target.d/finalise.d/50-bootloader'),
    ).toBe('finalise.d 50-bootloader');
    expect(dibPhase('Converting image using qemu-img convert')).toBe('converting image');
    expect(dibPhase('I: Retrieving libmd0 1.0.4-2')).toBeUndefined();
  });
});
