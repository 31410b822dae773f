// Transfer progress lines: every 2 s or each 10 % step, whichever comes first (so a fast transfer
// still shows some), and a final line with size, time and rate.
import { describe, expect, it } from 'vitest';
import { transferProgress } from '../../src/openstack/upload-stream.js';

describe('transfer progress', () => {
  it('writes a line at each 10 % of a fast transfer, then a final line', () => {
    const lines: string[] = [];
    let t = 0;
    const p = transferProgress((l) => lines.push(l), 'uploading', 'x', 100e6, { now: () => t });
    for (let done = 1e6; done <= 100e6; done += 1e6) {
      t += 10; // 1 MB per 10 ms: a second for the whole transfer, never 2 s between lines
      p.update(done);
    }
    p.finish(100e6);
    expect(lines.filter((l) => l.includes('%'))).toHaveLength(10);
    expect(lines[0]).toBe('uploading x: 10% (10 of 100 MB, 100 MB/s)');
    expect(lines.at(-1)).toBe('uploading x: done, 100 MB in 1.0 s (100 MB/s)');
  });

  it('writes a line every 2 s of a slow transfer even within one 10 % step', () => {
    const lines: string[] = [];
    let t = 0;
    const p = transferProgress((l) => lines.push(l), 'downloading', 'y', 1000e6, { now: () => t });
    for (let done = 1e6; done <= 50e6; done += 1e6) {
      t += 500;
      p.update(done);
    }
    // 25 s within the first 10 %: a line each 2 s, and none more often.
    expect(lines.length).toBe(12);
    expect(lines[0]).toMatch(/^downloading y: 0% \(4 of 1000 MB, 2 MB\/s\)$/);
  });

  it('without a known size: a line every 2 s with what arrived so far, no percentage', () => {
    const lines: string[] = [];
    let t = 0;
    const p = transferProgress((l) => lines.push(l), 'downloading', 'z', undefined, { now: () => t });
    for (let done = 10e6; done <= 100e6; done += 10e6) {
      t += 500;
      p.update(done);
    }
    p.finish(100e6);
    expect(lines).toEqual([
      'downloading z: 40 MB (20 MB/s)',
      'downloading z: 80 MB (20 MB/s)',
      'downloading z: done, 100 MB in 5.0 s (20 MB/s)',
    ]);
  });
});
