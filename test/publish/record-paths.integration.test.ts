// A build record's `file` names a file in the record's own folder and nothing else: a path with `..`,
// an absolute path or a symlink leading out is bad input (exit 2, naming the record) in every stage
// that reads records, before anything is contacted or read. Records are hand-edited here the way an
// attacker (or a careless merge of artifacts) would; the bundled CLI runs as users run it.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeEach, describe, expect, it } from 'vitest';
import { findResults } from '../../src/release/results.js';
import { kiln } from '../support/cli.js';
import { scratch } from '../release/fixtures.js';
import { writeRecord } from './fixtures.js';

let repo: string;
let out: string;
let recordPath: string;
let outside: string;

beforeEach(() => {
  repo = scratch('record-paths');
  mkdirSync(join(repo, 'config'));
  writeFileSync(
    join(repo, 'config/images.yaml'),
    stringify({ images: { img: { elements: ['debian-minimal'], properties: { os_distro: 'debian' } } } }),
  );
  // A cloud that does not exist: a run that got past the records would fail differently (exit 1).
  writeFileSync(
    join(repo, 'config/sites.yaml'),
    stringify({ sites: { a: { cloud: 'nowhere', kind: 'kvm' } } }),
  );
  out = join(repo, 'out');
  const rec = writeRecord(out, 'img');
  recordPath = join(rec.dir, 'record.json');
  // A file outside the record folder with exactly the record's size and bytes.
  outside = join(repo, 'outside.raw');
  writeFileSync(outside, readFileSync(join(rec.dir, rec.file)));
});

function setFile(file: string) {
  const record = JSON.parse(readFileSync(recordPath, 'utf8')) as Record<string, unknown>;
  writeFileSync(recordPath, JSON.stringify({ ...record, file }));
}

const env = { OS_CLIENT_CONFIG_FILE: '/nonexistent/clouds.yaml' };

describe('a record names only a file in its own folder', () => {
  const stages: [string, string[]][] = [
    ['publish', ['publish', 'img', '--from', 'out']],
    ['test', ['test', 'img', '--output', 'out']],
  ];
  for (const [stage, args] of stages) {
    it(`${stage}: a path with .. is refused, naming the record`, () => {
      setFile('../../../outside.raw');
      const res = kiln(args, { cwd: repo, env });
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toContain(`${recordPath}:1:1: build record's file '../../../outside.raw' must be`);
      expect(res.stderr).not.toMatch(/\n\s+at /);
    });

    it(`${stage}: an absolute path is refused as such, not reported missing`, () => {
      setFile(outside);
      const res = kiln(args, { cwd: repo, env });
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toContain(`build record's file '${outside}' must be a plain relative path`);
      expect(res.stderr).not.toContain('missing');
    });

    it(`${stage}: a symlink leading out of the folder is refused; one inside it is followed`, () => {
      const dir = join(out, 'img/amd64');
      const link = join(dir, 'link.qcow2');
      symlinkSync(outside, link);
      setFile('link.qcow2');
      const res = kiln(args, { cwd: repo, env });
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toContain(
        `${recordPath}:1:1: image file link.qcow2 named by the build record leads outside`,
      );

      // A link inside the folder behaves exactly as naming its target does.
      setFile('img.qcow2');
      const direct = kiln(args, { cwd: repo, env });
      unlinkSync(link);
      symlinkSync('img.qcow2', link);
      setFile('link.qcow2');
      const inside = kiln(args, { cwd: repo, env });
      expect(inside.stderr).not.toContain('leads outside');
      expect(inside.stderr).not.toContain('must be a plain relative path');
      expect(inside.code, inside.stderr).toBe(direct.code);
      expect(inside.stderr.replaceAll('link.qcow2', 'img.qcow2')).toBe(direct.stderr);
    });
  }

  it('release: a record with .. is refused when the results are read', async () => {
    setFile('../outside.raw');
    await expect(findResults(out)).rejects.toThrow(
      /must be a plain relative path inside the record's folder/,
    );
  });
});
