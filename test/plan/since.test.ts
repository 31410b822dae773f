// `plan --since REF` on real temporary git repositories.
import { appendFileSync, chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, InputErrors } from '../../src/errors.js';
import { run } from '../../src/exec.js';
import { streamLogger, type Logger } from '../../src/log.js';
import type { PlanRequest } from '../../src/plan/plan-builds.js';
import { planIn } from '../support/plan-in.js';
import { commitAll, git, gitRepo, IMAGES_YAML, REPO, scratch, writeRepo } from './fixture.js';

async function plan(
  dir: string,
  request: PlanRequest = {},
  logger: Logger = streamLogger({ write: () => {} }),
) {
  const p = await planIn(dir, request, { logger, builtinElements: null });
  return p.images.map((i) => `${i.name}/${i.arch}:${i.reason}`);
}

describe('plan --since', () => {
  it('plans nothing when nothing changed', async () => {
    const dir = gitRepo('since-none');
    const lines: string[] = [];
    const logger = streamLogger({ write: (t) => lines.push(t), debug: true });
    expect(await plan(dir, { since: 'HEAD' }, logger)).toEqual([]);
    // Taken without loading the config at HEAD: git reports no change to any keyed file.
    expect(lines.join('')).toContain('no file that feeds build keys changed');
  });

  it('plans a changed image and its descendants, reading REF without touching the work tree', async () => {
    const dir = gitRepo('since-elem');
    appendFileSync(join(dir, 'elements/gpu/install.d/30-gpu'), 'echo more\n');
    const status = git(dir, 'status', '--porcelain');
    const text = readFileSync(join(dir, 'elements/gpu/install.d/30-gpu'), 'utf8');
    expect(await plan(dir, { since: 'HEAD' })).toEqual([
      'base-os-gpu/amd64:changed',
      'base-os-gpu/arm64:changed',
      'base-os-gpu-ml/amd64:descendant',
      'base-os-gpu-ml/arm64:descendant',
    ]);
    expect(git(dir, 'status', '--porcelain')).toBe(status);
    expect(readFileSync(join(dir, 'elements/gpu/install.d/30-gpu'), 'utf8')).toBe(text);
  });

  it('sees untracked files, and plans nothing when only an element no image uses changed', async () => {
    const dir = gitRepo('since-untracked');
    writeFileSync(join(dir, 'elements/unused-by-all'), 'not an element: a file directly in elements/\n');
    mkdirSync(join(dir, 'elements/unused'));
    writeFileSync(join(dir, 'elements/unused/README'), 'no image uses this element\n');
    expect(await plan(dir, { since: 'HEAD' })).toEqual([]);
    writeFileSync(join(dir, 'elements/ml/new-untracked-file'), 'x\n');
    expect(await plan(dir, { since: 'HEAD', arches: ['amd64'] })).toEqual(['base-os-gpu-ml/amd64:changed']);
    // A script no template runs is no input; the one the template runs is.
    writeFileSync(join(dir, 'packer/scripts/new.sh'), 'echo new\n');
    expect(await plan(dir, { since: 'HEAD', images: ['k8s'] })).toEqual([]);
    appendFileSync(join(dir, 'packer/scripts/node.sh'), 'echo more\n');
    expect(await plan(dir, { since: 'HEAD', images: ['k8s'] })).toEqual(['k8s/amd64:changed']);
  });

  it('sees a file mode change', async () => {
    const dir = gitRepo('since-mode');
    chmodSync(join(dir, 'elements/deep-2/README.rst'), 0o755);
    expect(await plan(dir, { since: 'HEAD' })).toEqual(['other/amd64:changed']);
  });

  it('compares with an older commit, and limits to the asked architectures', async () => {
    const dir = gitRepo('since-older');
    writeFileSync(join(dir, 'elements/deep-2/README.rst'), 'changed\n');
    commitAll(dir, 'change deep-2');
    expect(await plan(dir, { since: 'HEAD' })).toEqual([]);
    expect(await plan(dir, { since: 'HEAD~1' })).toEqual(['other/amd64:changed']);
    expect(await plan(dir, { since: 'main~1', arches: ['arm64'] })).toEqual([]);
  });

  it('brings the parent of a requested child when the parent changed too, not when it is built', async () => {
    const dir = gitRepo('since-parent');
    appendFileSync(join(dir, 'elements/common/install.d/10-common'), 'echo more\n');
    expect(await plan(dir, { since: 'HEAD', images: ['base-os-gpu'], arches: ['amd64'] })).toEqual([
      'base-os/amd64:parent',
      'base-os-gpu/amd64:descendant',
    ]);
    commitAll(dir, 'common');
    appendFileSync(join(dir, 'elements/ml/package-installs.yaml'), 'python3-numpy:\n');
    // base-os and base-os-gpu are unchanged since HEAD: already built, so not planned.
    expect(await plan(dir, { since: 'HEAD', images: ['base-os-gpu-ml'] })).toEqual([
      'base-os-gpu-ml/amd64:changed',
      'base-os-gpu-ml/arm64:changed',
    ]);
  });

  it('counts a new image as changed', async () => {
    const dir = gitRepo('since-new');
    writeFileSync(join(dir, 'config/images.yaml'), IMAGES_YAML + '  fresh:\n    elements: [ubuntu, vm]\n');
    expect(await plan(dir, { since: 'HEAD' })).toEqual(['fresh/amd64:changed', 'fresh/arm64:changed']);
  });

  it('plans everything, with a warning, when the config did not exist at REF', async () => {
    const dir = scratch('since-first');
    writeFileSync(join(dir, 'README.md'), 'empty\n');
    git(dir, 'init', '-q', '-b', 'main');
    commitAll(dir, 'empty');
    writeRepo(dir);
    const lines: string[] = [];
    const planned = await plan(dir, { since: 'HEAD' }, streamLogger({ write: (t) => lines.push(t) }));
    expect(planned).toHaveLength(8);
    expect(planned.every((p) => /:(changed|descendant)$/.test(p))).toBe(true);
    expect(lines.join('')).toMatch(/configuration at HEAD does not load.*\n.*config file not found/);
  });

  it('works when kiln lives in a sub-folder of the repository', async () => {
    const top = scratch('since-sub');
    const dir = writeRepo(join(top, 'images'));
    mkdirSync(join(top, 'other'));
    writeFileSync(join(top, 'other/file'), 'x\n');
    git(top, 'init', '-q', '-b', 'main');
    commitAll(top, 'monorepo');
    expect(await plan(dir, { since: 'HEAD' })).toEqual([]);
    writeFileSync(join(dir, 'packer/k8s.pkr.hcl'), REPO['packer/k8s.pkr.hcl'] + '# tweak\n');
    expect(await plan(dir, { since: 'HEAD' })).toEqual(['k8s/amd64:changed']);
  });

  it('refuses an unknown ref or a folder outside git as bad input', async () => {
    const dir = gitRepo('since-bad');
    const err = await plan(dir, { since: 'no-such-branch' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/--since no-such-branch: no such commit/);
    const dashed = await plan(dir, { since: '--output=/tmp/x' }).catch((e: unknown) => e);
    expect(dashed).toBeInstanceOf(InputError);
    const plain = writeRepo(scratch('since-nogit'));
    // A scratch folder may sit inside a git checkout (this repository): point git away from it.
    const outside = await planIn(
      plain,
      { since: 'HEAD' },
      {
        builtinElements: null,
        runner: (cmd, args, opts) =>
          run(cmd, args, { ...opts, env: { ...process.env, GIT_CEILING_DIRECTORIES: join(plain, '..') } }),
      },
    ).catch((e: unknown) => e);
    expect(outside).toBeInstanceOf(InputError);
    expect((outside as InputError).message).toMatch(/not inside a git repository/);
    expect(outside).not.toBeInstanceOf(InputErrors);
  });
});
