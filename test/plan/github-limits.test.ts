// GitHub's limits on what a plan hands to a workflow: at most 256 matrix jobs, 1 MB per job output,
// 1 MiB per job summary. A 5,000-image catalogue (714 groups, some for two architectures, two runner
// label sets) must plan into a workflow GitHub runs; the packing keeps whole groups of one
// architecture together, parents before children, and says so in the plan's notes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_GRAPH_CHARS, renderSummary } from '../../src/action/summary.js';
import { buildMatrix, MAX_MATRIX_JOBS } from '../../src/plan/matrix.js';
import { mermaidGraph } from '../../src/plan/mermaid.js';
import { planIn } from '../support/plan-in.js';
import { planOutputs } from '../../src/plan/plan-outputs.js';
import type { Plan } from '../../src/plan/types.js';
import { bigCatalogue, scratch } from './fixture.js';

describe('a 5,000-image plan within GitHub limits', () => {
  let plan: Plan;
  beforeAll(async () => {
    const repo = scratch('limits');
    mkdirSync(join(repo, 'config'));
    writeFileSync(join(repo, 'config/images.yaml'), bigCatalogue());
    plan = await planIn(repo, {}, { builtinElements: null });
  }, 120_000);

  it('packs the 859 group jobs into at most 256, whole groups of one architecture and runner', () => {
    expect(plan.images).toHaveLength(5000 + 143 * 7);
    const jobs = plan.matrix.include;
    expect(jobs.length).toBeLessThanOrEqual(MAX_MATRIX_JOBS);
    expect(jobs.length).toBe(MAX_MATRIX_JOBS);
    const where = new Map<string, number>();
    jobs.forEach((job, i) => {
      const names = job.images.split(' ');
      for (const name of names) {
        const id = `${name}/${job.arch}`;
        expect(where.has(id), id).toBe(false);
        where.set(id, i);
        const image = plan.images.find((p) => p.name === name && p.arch === job.arch)!;
        // A parent is built earlier in the same job.
        if (image.parent) expect(names.indexOf(image.parent)).toBeLessThan(names.indexOf(name));
        // One set of runner labels per job.
        expect(job.runner).toEqual(
          job.arch === 'arm64'
            ? ['self-hosted', 'arm64']
            : Number(image.group.slice(4)) % 7 === 0 && image.group.startsWith('img-')
              ? ['self-hosted', 'x64', 'big']
              : ['self-hosted', 'x64'],
        );
      }
    });
    // Every planned build is in exactly one job, and every group sits whole in one.
    expect(where.size).toBe(plan.images.length);
    for (const p of plan.images)
      expect(where.get(`${p.name}/${p.arch}`)).toBe(where.get(`${p.group}/${p.arch}`));
    // Names stay unique per architecture (artifact and concurrency names derive from them).
    expect(new Set(jobs.map((j) => `${j.group}/${j.arch}`)).size).toBe(jobs.length);
    expect(jobs[0].group).toMatch(/^img-0000\.\.img-\d{4}$/);
    expect(plan.notes?.join('\n')).toMatch(
      /859 image groups x architectures are more than GitHub's 256 jobs per matrix: packed into \d+ jobs/,
    );
  });

  it('keeps every output under 1 MB, shortening the images list with a note', () => {
    const out = planOutputs(plan);
    for (const value of [out.matrix, out.images]) expect(Buffer.byteLength(value)).toBeLessThan(1_000_000);
    expect(JSON.stringify(plan.images).length).toBeGreaterThan(1_000_000);
    const images = JSON.parse(out.images) as Record<string, string>[];
    expect(images).toHaveLength(plan.images.length);
    expect(images[0]).toEqual({
      name: 'img-0000',
      arch: 'amd64',
      key: plan.images[0].key,
      group: 'img-0000',
    });
    expect(out.notes).toEqual([expect.stringMatching(/images output lists only name, arch, key and group/)]);
  });

  it('cuts the images output to the entries that fit when even the short form does not', () => {
    const out = planOutputs(plan, 100_000);
    expect(Buffer.byteLength(out.images)).toBeLessThanOrEqual(100_000);
    const images = JSON.parse(out.images) as unknown[];
    expect(images.length).toBeGreaterThan(500);
    expect(out.notes[0]).toContain(
      `holds the first ${images.length} of the ${plan.images.length} planned images`,
    );
  });

  it('keeps the job summary under 1 MiB, saying what was left out', () => {
    const rows = plan.images.map((p) => ({ name: p.name, arch: p.arch, key: p.key, status: 'planned' }));
    const graph = mermaidGraph(plan);
    expect(graph.length).toBeGreaterThan(MAX_GRAPH_CHARS);
    const many = [...rows, ...rows, ...rows];
    const md = renderSummary({ title: 'kiln plan', notes: ['All images.'], rows: many, graph });
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024);
    const shown = md.split('\n').filter((l) => l.startsWith('| `')).length;
    expect(shown).toBeGreaterThan(1000);
    expect(md).toContain(`_${many.length - shown} more rows left out (${shown} of ${many.length} shown)`);
    expect(md).toContain('The image graph');
    expect(md).not.toContain('```mermaid');
  });
});

describe('matrix packing', () => {
  const graph = (groups: string[]) => ({ order: groups, groupOf: new Map(groups.map((g) => [g, g])) });
  const runners = { runners: { amd64: ['x64'], arm64: ['arm64'] } };

  it('leaves a plan within the limit one job per group and architecture', () => {
    const planned = ['a', 'b', 'c'].map((g) => ({ name: g, arch: 'amd64' as const, group: g }));
    const m = buildMatrix(planned, new Map(planned.map((p) => [p.name, runners])), graph(['a', 'b', 'c']), 3);
    expect(m.map((e) => e.group)).toEqual(['a', 'b', 'c']);
  });

  it('shares the jobs among architectures by their number of images', () => {
    const groups = Array.from({ length: 10 }, (_, i) => `g${i}`);
    const planned = [
      ...groups.map((g) => ({ name: g, arch: 'amd64' as const, group: g })),
      ...groups.slice(0, 2).map((g) => ({ name: g, arch: 'arm64' as const, group: g })),
    ];
    const m = buildMatrix(planned, new Map(groups.map((g) => [g, runners])), graph(groups), 4);
    expect(m).toEqual([
      { group: 'g0..g3', arch: 'amd64', runner: ['x64'], images: 'g0 g1 g2 g3' },
      { group: 'g0..g1', arch: 'arm64', runner: ['arm64'], images: 'g0 g1' },
      { group: 'g4..g6', arch: 'amd64', runner: ['x64'], images: 'g4 g5 g6' },
      { group: 'g7..g9', arch: 'amd64', runner: ['x64'], images: 'g7 g8 g9' },
    ]);
  });
});
