// Container checks against small images made with the real qemu-img: a good qcow2 passes; a
// truncated one, the wrong format, a different virtual size and a backing file are each reported.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { run } from '../../src/exec.js';
import { checkContainer } from '../../src/verify/qemu-img-checks.js';
import { describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled(['qemu-img']);

const SIZE = 64 * 1024 * 1024;
let work: string;
let good: string;

beforeAll(() => {
  work = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR ?? '/tmp', 'verify-qemu-img-'));
  good = join(work, 'good.qcow2');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', good, String(SIZE)]);
  // Some data, so that the image has allocated clusters a truncation can cut off.
  execFileSync('qemu-io', ['-c', 'write -P 0x5a 0 4M', good], { stdio: 'ignore' });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('qemu-img container checks', () => {
  it('passes a sound qcow2 of the recorded format and size', async () => {
    const res = await checkContainer(run, good, { format: 'qcow2', virtual_size: SIZE });
    expect(res).toEqual({ problems: [], facts: { format: 'qcow2', virtualSize: SIZE } });
  });

  it('catches a truncated qcow2', async () => {
    const cut = join(work, 'truncated.qcow2');
    const bytes = readFileSync(good);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const res = await checkContainer(run, cut, { format: 'qcow2', virtual_size: SIZE });
    expect(res.problems).toHaveLength(1);
    expect(res.problems[0]).toMatch(/^qemu-img check failed \(exit 2\): [1-9]\d* corruptions/);
  });

  it('reports a format, virtual size or backing file that does not match the record', async () => {
    const overlay = join(work, 'overlay.qcow2');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', good, overlay]);
    const res = await checkContainer(run, overlay, { format: 'raw', virtual_size: SIZE * 2 });
    expect(res.problems).toEqual([
      'the file is qcow2, but the record says raw',
      `virtual size ${SIZE} differs from the record's ${SIZE * 2}`,
      `the image depends on a backing file (${good}); publish a standalone image`,
    ]);
  });

  it('refuses an absurd virtual size and a file qemu-img cannot read', async () => {
    const tiny = join(work, 'tiny.raw');
    writeFileSync(tiny, Buffer.alloc(4096));
    expect((await checkContainer(run, tiny, { format: 'raw', virtual_size: 0 })).problems).toEqual([
      'virtual size 4096 bytes is not sane (expected 16777216..17592186044416)',
    ]);
    const missing = await checkContainer(run, join(work, 'nope.qcow2'), { format: 'qcow2', virtual_size: 0 });
    expect(missing.problems[0]).toMatch(/^qemu-img info cannot read the image: .*No such file/);
  });
});
