// The artifact actions as the workflow test stands in for them, checked against their documented
// path rules: upload-artifact roots the artifact at the least common ancestor of the search paths
// (the part of each pattern before its first wildcard), download-artifact with `pattern:` puts each
// artifact in a folder named after it (unless merge-multiple).
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadArtifact, uploadArtifact } from './run-workflow.js';

const files = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();

function results(): string {
  const dir = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'artifacts-'));
  for (const f of ['record.json', 'publish-kvm.json', 'debian.qcow2']) {
    mkdirSync(join(dir, 'kiln-results/debian/amd64'), { recursive: true });
    writeFileSync(join(dir, 'kiln-results/debian/amd64', f), '{}');
  }
  return dir;
}

describe('artifact action stand-ins', () => {
  it('upload: one wildcard pattern keeps the path after its search path', async () => {
    const dir = results();
    const store = new Map<string, string>();
    const res = await uploadArtifact({ name: 'a', path: `${dir}/kiln-results/**/record.json` }, store, dir);
    expect(res.ok).toBe(true);
    expect(files(store.get('a')!)).toEqual(['debian/amd64/record.json']);
  });

  it('upload: several patterns are rooted at their least common ancestor; images stay out', async () => {
    const dir = results();
    const store = new Map<string, string>();
    const path = `${dir}/kiln-results/**/record.json\n${dir}/kiln-results/**/publish-*.json\n`;
    await uploadArtifact({ name: 'a', path }, store, dir);
    expect(files(store.get('a')!)).toEqual(['debian/amd64/publish-kvm.json', 'debian/amd64/record.json']);
    // Patterns with different search paths: the root moves up to what they share.
    await uploadArtifact(
      {
        name: 'b',
        path: `${dir}/kiln-results/debian/amd64/record.json\n${dir}/kiln-results/**/publish-*.json`,
      },
      store,
      dir,
    );
    expect(files(store.get('b')!)).toEqual(['debian/amd64/publish-kvm.json', 'debian/amd64/record.json']);
  });

  it('download with a pattern: one folder per artifact, or merged', () => {
    const dir = results();
    const store = new Map([
      ['kiln-results-a-amd64', join(dir, 'kiln-results')],
      ['kiln-results-b-arm64', join(dir, 'kiln-results')],
      ['other', join(dir, 'kiln-results')],
    ]);
    const to = join(dir, 'down');
    downloadArtifact({ pattern: 'kiln-results-*', path: to }, store);
    expect(readdirSync(to).sort()).toEqual(['kiln-results-a-amd64', 'kiln-results-b-arm64']);
    expect(files(join(to, 'kiln-results-a-amd64'))).toContain('debian/amd64/record.json');
  });
});
