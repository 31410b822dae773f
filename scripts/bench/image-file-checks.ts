// kiln test's file checks (debugfs at the partition offset, one run per directory level) next to the
// usual way of looking into an image: a read-only loop device at the offset, mount, walk the tree
// with Node, unmount. Same disk, same rules, interleaved rounds. The disk is made here: a 1 GiB MBR
// image whose ext4 root holds a copy of /usr/lib/python3 (thousands of files). The peer needs root
// and loop devices; without them only kiln's figure is printed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as runProgram } from '../../src/exec.js';
import { checkFiles, fileRulesFor } from '../../src/verify/file-checks.js';
import type { DirEntry } from '../../src/verify/ext-fs.js';
import { expandGlobs } from '../../src/verify/path-glob.js';
import { machine } from './support/report.js';

const ROUNDS = 5;
const OFFSET = 1024 * 1024;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function makeDisk(dir: string): string {
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'etc', 'kiln'), { recursive: true });
  mkdirSync(join(tree, 'usr', 'lib'), { recursive: true });
  execFileSync('cp', ['-a', '/usr/lib/python3', join(tree, 'usr', 'lib', 'python3')]);
  execFileSync('cp', ['/etc/os-release', join(tree, 'etc', 'kiln', 'provenance.json')]);
  const disk = join(dir, 'disk.raw');
  execFileSync('truncate', ['-s', '1G', disk]);
  execFileSync('sfdisk', ['-q', disk], { input: 'label: dos\nstart=2048, type=83\n' });
  execFileSync('mkfs.ext4', ['-q', '-F', '-d', tree, '-E', `offset=${OFFSET}`, disk, `${1023 * 1024}k`]);
  rmSync(tree, { recursive: true, force: true });
  return disk;
}

const RULES = fileRulesFor({
  required_files: ['/etc/kiln/provenance.json', '/usr/lib/python3/dist-packages/*/__init__.py'],
  forbidden_files: ['/home/*/.ssh/authorized_keys', '/usr/lib/python3/dist-packages/*/id_rsa'],
});

async function kiln(disk: string): Promise<number> {
  const start = performance.now();
  const res = await checkFiles(runProgram, disk, RULES);
  if (res.problems.length) throw new Error(`unexpected problems: ${res.problems.join('; ')}`);
  return performance.now() - start;
}

async function mounted(disk: string, mnt: string): Promise<number> {
  const start = performance.now();
  const loop = execFileSync('losetup', ['-f', '--show', '-r', '-o', String(OFFSET), disk], {
    encoding: 'utf8',
  }).trim();
  try {
    execFileSync('mount', ['-o', 'ro', loop, mnt]);
    try {
      const list = async (dirs: readonly string[]) =>
        new Map<string, DirEntry[] | undefined>(
          dirs.map((d) => {
            try {
              const entries = readdirSync(join(mnt, d), { withFileTypes: true }).map((e) => ({
                name: e.name,
                type: e.isDirectory() ? 'dir' : e.isSymbolicLink() ? 'link' : e.isFile() ? 'file' : 'other',
              })) as DirEntry[];
              return [d, entries];
            } catch {
              return [d, undefined];
            }
          }),
        );
      const found = await expandGlobs(list, [...RULES.required, ...RULES.forbidden]);
      if (found.slice(0, RULES.required.length).some((m) => m.length === 0))
        throw new Error('peer missed a file');
    } finally {
      execFileSync('umount', [mnt]);
    }
  } finally {
    execFileSync('losetup', ['-d', loop]);
  }
  return performance.now() - start;
}

function peerAvailable(): boolean {
  return process.getuid?.() === 0 && statSync('/dev/loop-control', { throwIfNoEntry: false }) !== undefined;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kiln-bench-files-'));
  try {
    const disk = makeDisk(dir);
    const mnt = join(dir, 'mnt');
    mkdirSync(mnt);
    const peer = peerAvailable();
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      ours.push(await kiln(disk));
      if (peer) theirs.push(await mounted(disk, mnt));
    }
    const k = median(ours);
    console.log(
      `file checks (${RULES.required.length} required, ${RULES.forbidden.length} forbidden globs), median of ${ROUNDS}:`,
    );
    console.log(`  kiln (debugfs at offset, no mount):  ${k.toFixed(0)} ms`);
    if (peer) {
      const p = median(theirs);
      console.log(`  peer (losetup + mount + walk):       ${p.toFixed(0)} ms`);
      console.log(`  ratio kiln/peer: ${(k / p).toFixed(2)} (kiln needs no root, loop device or mount)`);
    } else {
      console.log('  peer (losetup + mount) not measured: needs root and loop devices');
    }
    machine();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
