// Reading files inside small real disk images (made here with sfdisk/sgdisk and mkfs.ext4 -d): the
// partition table parser, debugfs at an offset, glob expansion and the required/forbidden checks.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { run } from '../../src/exec.js';
import { ExtFilesystem } from '../../src/verify/ext-fs.js';
import { checkFiles, DEFAULT_FORBIDDEN_FILES, fileRulesFor } from '../../src/verify/file-checks.js';
import { hasExtFilesystem, readPartitionTable } from '../../src/verify/partition-table.js';
import { expandGlobs } from '../../src/verify/path-glob.js';
import { describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled(['mkfs.ext4', 'sfdisk', 'debugfs']);

const MiB = 1024 * 1024;
const BIOS_BOOT = '21686148-6449-6E6F-744E-656564454649';
const LINUX_FS = '0FC63DAF-8483-4772-8E79-3D69D8477DE4';
let work: string;

/** A root tree like a cloud image's, with a host key and a symlinked /lib (merged /usr). */
function makeTree(dir: string, extra: Record<string, string> = {}): string {
  const files: Record<string, string> = {
    'etc/kiln/provenance.json': '{}',
    'etc/ssh/sshd_config': 'x',
    'etc/ssh/ssh_host_ed25519_key.pub': 'pub',
    'usr/bin/cloud-init': '#!/bin/sh',
    'usr/lib/os-release': 'ID=debian',
    'root/.profile': '',
    ...extra,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  symlinkSync('usr/lib', join(dir, 'lib'));
  return dir;
}

/** A 64 MiB disk with a partition at `startMiB` (at least 2 for GPT) holding an ext4 filesystem made from `tree`. */
function makeDisk(name: string, label: 'dos' | 'gpt', tree: string, startMiB = 1): string {
  const disk = join(work, name);
  execFileSync('truncate', ['-s', `${64 * MiB}`, disk]);
  // GPT: a BIOS boot partition first, as DIB lays out GPT images; the root filesystem is partition 2.
  const table =
    label === 'dos'
      ? `label: dos\nstart=${startMiB * 2048}, type=83\n`
      : `label: gpt\nstart=2048, size=2048, type=${BIOS_BOOT}\nstart=${startMiB * 2048}, type=${LINUX_FS}\n`;
  execFileSync('sfdisk', ['-q', disk], { input: table });
  const fsBytes = 40 * MiB;
  execFileSync('mkfs.ext4', [
    '-q',
    '-F',
    '-d',
    tree,
    '-E',
    `offset=${startMiB * MiB}`,
    disk,
    `${fsBytes / 1024}k`,
  ]);
  return disk;
}

beforeAll(() => {
  work = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR ?? '/tmp', 'verify-files-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('partition table', () => {
  it('finds an MBR partition at its byte offset', async () => {
    const disk = makeDisk('mbr.raw', 'dos', makeTree(join(work, 'tree-mbr')), 2);
    const table = await readPartitionTable(disk);
    expect(table.kind).toBe('mbr');
    expect(table.partitions[0]).toMatchObject({ number: 1, offset: 2 * MiB });
    expect(await hasExtFilesystem(disk, 2 * MiB)).toBe(true);
    expect(await hasExtFilesystem(disk, 0)).toBe(false);
  });

  it('finds GPT partitions behind the protective MBR', async () => {
    const disk = makeDisk('gpt.raw', 'gpt', makeTree(join(work, 'tree-gpt')), 4);
    const table = await readPartitionTable(disk);
    expect(table.kind).toBe('gpt');
    expect(table.partitions.map((p) => [p.number, p.offset])).toEqual([
      [1, MiB],
      [2, 4 * MiB],
    ]);
  });

  it('treats a bare filesystem as the whole disk', async () => {
    const disk = join(work, 'bare.raw');
    execFileSync('truncate', ['-s', `${32 * MiB}`, disk]);
    execFileSync('mkfs.ext4', ['-q', '-F', '-d', makeTree(join(work, 'tree-bare')), disk]);
    const table = await readPartitionTable(disk);
    expect(table).toEqual({ kind: 'none', partitions: [{ number: 0, offset: 0, size: 32 * MiB }] });
    expect(await hasExtFilesystem(disk, 0)).toBe(true);
  });
});

describe('reading the filesystem with debugfs', () => {
  let fs: ExtFilesystem;
  beforeAll(() => {
    fs = new ExtFilesystem(run, makeDisk('fs.raw', 'dos', makeTree(join(work, 'tree-fs'))), MiB);
  });

  it('lists several directories in one run, following a symlinked directory', async () => {
    const listing = await fs.listDirs(['/etc/ssh', '/lib', '/nonexistent', '/etc/ssh/sshd_config']);
    expect(
      listing
        .get('/etc/ssh')
        ?.map((e) => e.name)
        .sort(),
    ).toEqual(['ssh_host_ed25519_key.pub', 'sshd_config']);
    expect(listing.get('/etc/ssh')?.find((e) => e.name === 'sshd_config')?.type).toBe('file');
    expect(listing.get('/lib')?.map((e) => e.name)).toEqual(['os-release']);
    expect(listing.get('/nonexistent')).toBeUndefined();
    expect(listing.get('/etc/ssh/sshd_config')).toBeUndefined();
  });

  it('expands globs one level at a time, dotfiles included', async () => {
    const [keys, pubs, dot, none] = await expandGlobs(
      (d) => fs.listDirs(d),
      ['/etc/ssh/ssh_host_*_key', '/etc/*/ssh_host_*_key.pub', '/root/.*', '/etc/kiln/*secret*'],
    );
    expect(keys).toEqual([]);
    expect(pubs).toEqual([{ path: '/etc/ssh/ssh_host_ed25519_key.pub', type: 'file' }]);
    expect(dot.map((m) => m.path)).toEqual(['/root/.profile']);
    expect(none).toEqual([]);
  });

  it('reports a clear error for an offset with no filesystem', async () => {
    const bad = new ExtFilesystem(run, join(work, 'fs.raw'), 0);
    await expect(bad.listDirs(['/'])).rejects.toThrow(/debugfs/);
  });
});

describe('required and forbidden files', () => {
  it('passes a clean image and notices cloud-init', async () => {
    const disk = makeDisk('clean.raw', 'gpt', makeTree(join(work, 'tree-clean')), 3);
    const rules = fileRulesFor({
      required_files: ['/etc/kiln/provenance.json', '/lib/os-*'],
      forbidden_files: [],
    });
    const res = await checkFiles(run, disk, rules);
    expect(res).toEqual({
      problems: [],
      hasCloudInit: true,
      where: `partition 2 (gpt) at offset ${3 * MiB}`,
    });
  });

  it('names the missing required file and every forbidden file present', async () => {
    const tree = makeTree(join(work, 'tree-dirty'), {
      'etc/ssh/ssh_host_rsa_key': 'PRIVATE',
      'etc/ssh/ssh_host_ed25519_key': 'PRIVATE',
      'root/.ssh/authorized_keys': 'ssh-ed25519 AAAA builder',
      'home/debian/.bash_history': 'secret commands',
    });
    const disk = makeDisk('dirty.raw', 'dos', tree);
    const rules = fileRulesFor({
      required_files: ['/etc/kiln/provenance.json', '/etc/motd'],
      forbidden_files: ['/home/*/.bash_history'],
    });
    expect(rules.forbidden).toEqual(['/home/*/.bash_history', ...DEFAULT_FORBIDDEN_FILES]);
    const res = await checkFiles(run, disk, rules);
    expect(res.problems).toEqual([
      'required file missing: /etc/motd',
      'forbidden file present: /home/debian/.bash_history (matches /home/*/.bash_history)',
      'forbidden file present: /etc/ssh/ssh_host_ed25519_key, /etc/ssh/ssh_host_rsa_key (matches /etc/ssh/ssh_host_*_key)',
      'forbidden file present: /root/.ssh/authorized_keys (matches /root/.ssh/authorized_keys)',
    ]);
  });

  it('says so when no ext filesystem holds /etc', async () => {
    const disk = join(work, 'empty.raw');
    execFileSync('truncate', ['-s', `${16 * MiB}`, disk]);
    const res = await checkFiles(run, disk, { required: [], forbidden: [] });
    expect(res.problems[0]).toMatch(/no ext2\/3\/4 filesystem found/);
  });
});
