import { describe, expect, it } from 'vitest';
import { InputError, InputErrors } from '../../src/errors.js';
import { formatPlan, githubOutput } from '../../src/plan/format.js';
import { mermaidGraph } from '../../src/plan/mermaid.js';
import type { PlanRequest } from '../../src/plan/plan-builds.js';
import { planIn } from '../support/plan-in.js';
import { scratch, writeRepo } from './fixture.js';

const repo = writeRepo(scratch('plan'));
const plan = (request: PlanRequest = {}) => planIn(repo, request, { builtinElements: null });
const ids = (p: Awaited<ReturnType<typeof plan>>) => p.images.map((i) => `${i.name}/${i.arch}:${i.reason}`);

describe('kiln plan core', () => {
  it('plans every image x arch in topological order, one matrix entry per group x arch', async () => {
    const p = await plan();
    expect(ids(p)).toEqual([
      'base-os/amd64:requested',
      'base-os/arm64:requested',
      'base-os-gpu/amd64:requested',
      'base-os-gpu/arm64:requested',
      'base-os-gpu-ml/amd64:requested',
      'base-os-gpu-ml/arm64:requested',
      'other/amd64:requested',
      'k8s/amd64:requested',
    ]);
    expect(p.images[4]).toMatchObject({
      name: 'base-os-gpu-ml',
      parent: 'base-os-gpu',
      group: 'base-os',
      builder: 'dib',
    });
    expect(p.images[7]).toMatchObject({ name: 'k8s', group: 'k8s', builder: 'packer' });
    expect(p.matrix.include).toEqual([
      {
        group: 'base-os',
        arch: 'amd64',
        runner: ['self-hosted', 'x64'],
        images: 'base-os base-os-gpu base-os-gpu-ml',
      },
      {
        group: 'base-os',
        arch: 'arm64',
        runner: ['self-hosted', 'arm64'],
        images: 'base-os base-os-gpu base-os-gpu-ml',
      },
      { group: 'other', arch: 'amd64', runner: ['self-hosted', 'x64'], images: 'other' },
      { group: 'k8s', arch: 'amd64', runner: ['self-hosted', 'x64'], images: 'k8s' },
    ]);
  });

  it('brings the ancestors of a requested child (nothing is known to be built without --since)', async () => {
    const p = await plan({ images: ['base-os-gpu-ml'], arches: ['arm64'] });
    expect(ids(p)).toEqual([
      'base-os/arm64:parent',
      'base-os-gpu/arm64:parent',
      'base-os-gpu-ml/arm64:requested',
    ]);
    expect(p.matrix.include).toHaveLength(1);
  });

  it('limits to the asked architectures', async () => {
    const p = await plan({ arches: ['arm64'] });
    expect(p.matrix.include.map((m) => `${m.group}/${m.arch}`)).toEqual(['base-os/arm64']);
  });

  it('refuses unknown images, unknown architectures and an architecture an image lacks', async () => {
    const unknown = await plan({ images: ['base-os-gpu-m1'] }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(InputErrors);
    expect((unknown as InputErrors).message).toBe(
      "unknown image 'base-os-gpu-m1' (did you mean 'base-os-gpu-ml'?)",
    );
    const noArm = await plan({ images: ['other'], arches: ['arm64'] }).catch((e: unknown) => e);
    expect((noArm as InputErrors).message).toBe(
      "image 'other' is not built for arm64 (it is built for amd64)",
    );
    const badArch = await plan({ arches: ['x86_64'] }).catch((e: unknown) => e);
    expect(badArch).toBeInstanceOf(InputError);
    expect((badArch as InputError).format()).toBe("unknown architecture 'x86_64' (use amd64, arm64)");
  });

  it('notes that the closure stops at DIB built-in names when DIB is not available', async () => {
    const p = await plan();
    expect(p.notes?.join('\n')).toMatch(
      /element closures stop at DIB's built-in elements \(.*debian-minimal.*\)/,
    );
  });
});

describe('plan formats', () => {
  it('table: one row per build, the jobs, and a clear empty case', async () => {
    const p = await plan({ images: ['k8s'] });
    const text = formatPlan(p, 'table');
    expect(text.split('\n')[0]).toMatch(/^IMAGE\s+ARCH\s+BUILDER\s+REASON\s+GROUP\s+KEY$/);
    expect(text).toContain(`k8s    amd64  packer   requested  k8s    ${p.images[0].key.slice(0, 12)}`);
    expect(text).toContain('1 build in 1 job:\n  k8s (amd64) on [self-hosted, x64]: k8s');
    expect(formatPlan({ images: [], matrix: { include: [] } }, 'table')).toBe('nothing to build\n');
  });

  it('github: matrix, images and any as one-line JSON values', async () => {
    const p = await plan();
    const lines = githubOutput(p).trimEnd().split('\n');
    expect(lines.map((l) => l.split('=')[0])).toEqual(['matrix', 'images', 'any']);
    expect(JSON.parse(lines[0].slice('matrix='.length))).toEqual(p.matrix);
    expect(JSON.parse(lines[1].slice('images='.length))).toEqual(p.images);
    expect(lines[2]).toBe('any=true');
    expect(githubOutput({ images: [], matrix: { include: [] } })).toContain('any=false\n');
  });

  it('json: the plan itself', async () => {
    const p = await plan();
    expect(JSON.parse(formatPlan(p, 'json'))).toEqual(JSON.parse(JSON.stringify(p)));
  });

  it('mermaid: nodes per image with architectures, parent edges, colored by status', async () => {
    const p = await plan({ images: ['base-os-gpu-ml'] });
    const graph = mermaidGraph(p, { 'base-os': 'built', 'base-os-gpu': 'failed' });
    expect(graph.split('\n').slice(0, 6)).toEqual([
      'graph TD',
      '  n0["base-os<br/>amd64, arm64"]:::built',
      '  n1["base-os-gpu<br/>amd64, arm64"]:::failed',
      '  n2["base-os-gpu-ml<br/>amd64, arm64"]:::planned',
      '  n0 --> n1',
      '  n1 --> n2',
    ]);
    expect(graph).toMatch(/classDef failed fill:#ffebe9/);
  });

  it('mermaid: a parent outside the plan is drawn as unchanged', () => {
    const child = {
      name: 'child',
      arch: 'amd64',
      builder: 'dib',
      key: 'k',
      parent: 'root',
      group: 'root',
    } as const;
    const graph = mermaidGraph({ images: [child] }, new Map([['child', 'skipped' as const]]));
    expect(graph).toContain('  n0["root"]:::unchanged\n  n1["child<br/>amd64"]:::skipped\n  n0 --> n1\n');
  });
});
