// The elements path: project elements first, then third-party checkouts in the cache, then DIB.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDir, thirdPartyCheckoutDir } from '../../src/config/cache-dir.js';
import { dibElementsDir } from '../../src/config/dib-elements-dir.js';
import {
  COMMITTED_DIB_ELEMENTS,
  COMMITTED_DIB_VERSION,
  elementsPath,
  locateElement,
} from '../../src/config/elements-path.js';
import { loadConfig } from '../../src/config/load.js';
import { workTree } from '../../src/config/source-tree.js';
import { BUILTINS, element, lines, makeRepo } from './repo.js';

const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);

function repoWithThirdParty() {
  const root = makeRepo({
    ...element('vm'), // shadows DIB's vm, as ELEMENTS_PATH order would
    ...element('mine'),
    'elements/README.md': 'not an element',
    'config/third-party.yaml': lines(
      'elements:',
      `  tools: { repo: https://example.org/tools.git, ref: ${SHA_A}, elements_dir: dib/elements }`,
      `  declared: { repo: https://example.org/declared.git, ref: ${SHA_B}, provides: [declared-el] }`,
    ),
  });
  const checkout = join(
    thirdPartyCheckoutDir(cacheDir({}, root), { name: 'tools', ref: SHA_A }),
    'dib/elements',
  );
  for (const name of ['tool-el', 'mine']) {
    mkdirSync(join(checkout, name), { recursive: true });
    writeFileSync(join(checkout, name, 'element-deps'), '');
  }
  return { root, checkout };
}

describe('cache dir', () => {
  it('defaults to .cache/kiln under the repo root and honours KILN_CACHE_DIR', () => {
    expect(cacheDir({}, '/repo')).toBe('/repo/.cache/kiln');
    expect(cacheDir({ KILN_CACHE_DIR: '/var/cache/kiln' }, '/repo')).toBe('/var/cache/kiln');
    expect(cacheDir({ KILN_CACHE_DIR: 'c' }, '/repo')).toBe('/repo/c');
    expect(thirdPartyCheckoutDir('/c', { name: 'r', ref: SHA_A })).toBe(`/c/third-party/r/${SHA_A}`);
  });
});

describe('elementsPath and locateElement', () => {
  it('searches project, third-party checkouts, then DIB, the first match winning', async () => {
    const { root, checkout } = repoWithThirdParty();
    const thirdParty = new Map([
      [
        'tools',
        {
          name: 'tools',
          repo: 'x',
          ref: SHA_A,
          elements_dir: 'dib/elements',
          pos: { file: 'f', line: 1, col: 1 },
        },
      ],
      [
        'declared',
        {
          name: 'declared',
          repo: 'y',
          ref: SHA_B,
          elements_dir: 'elements',
          provides: ['declared-el'],
          pos: { file: 'f', line: 2, col: 1 },
        },
      ],
    ]);
    const path = await elementsPath(
      { root, thirdParty },
      { tree: workTree(root), env: {}, builtinElements: BUILTINS },
    );
    expect(path.dirs.map((d) => [d.source, d.dir])).toEqual([
      ['project', 'elements'],
      ['third-party', checkout],
      ['third-party', undefined],
      ['dib', undefined],
    ]);
    expect(path.unverifiable).toEqual([]);
    expect(locateElement('vm', path)).toEqual({
      name: 'vm',
      source: 'project',
      dir: 'elements/vm',
      repo: undefined,
    });
    expect(locateElement('mine', path)?.source).toBe('project');
    expect(locateElement('tool-el', path)).toMatchObject({
      source: 'third-party',
      dir: join(checkout, 'tool-el'),
    });
    expect(locateElement('tool-el', path)?.repo?.name).toBe('tools');
    expect(locateElement('declared-el', path)).toMatchObject({ source: 'third-party', dir: undefined });
    expect(locateElement('ubuntu', path)).toEqual({
      name: 'ubuntu',
      source: 'dib',
      dir: undefined,
      repo: undefined,
    });
    expect(locateElement('README.md', path)).toBeUndefined();
    expect(locateElement('nothing', path)).toBeUndefined();
  });

  it('checks element names against a third-party checkout that is present', async () => {
    const { root } = repoWithThirdParty();
    const images = lines('images:', '  a: { elements: [tool-el, declared-el, not-in-tools] }');
    writeFileSync(join(root, 'config/images.yaml'), images);
    const err = await loadConfig({ cwd: root, env: {}, builtinElements: BUILTINS }).catch((e) => e);
    expect(err.message).toBe(
      "config/images.yaml:2:41: unknown element 'not-in-tools': not in elements/, a third-party repo or DIB's built-in elements",
    );
  });

  it('accepts, with a warning, names that could come from a repo that is not checked out', async () => {
    const root = makeRepo({
      'config/images.yaml': lines('images:', '  a: { elements: [vm, from-elsewhere] }'),
      'config/third-party.yaml': lines(
        'elements:',
        `  far: { repo: https://example.org/far.git, ref: ${SHA_A} }`,
      ),
    });
    const config = await loadConfig({ cwd: root, env: {}, builtinElements: BUILTINS });
    expect(config.images.get('a')!.elements).toEqual(['vm', 'from-elsewhere']);
    expect(config.warnings!.map((w) => w.format())).toEqual([
      "config/images.yaml:2:23: element 'from-elsewhere' not found locally; assuming it comes from third-party far (not checked out) (list it under the repo's `provides` in third-party.yaml to have it checked)",
    ]);
  });

  it('uses the installed DIB when present, else the committed DIB 3.13 list', async () => {
    const dir = await dibElementsDir();
    const root = makeRepo({});
    const detected = await elementsPath({ root, thirdParty: new Map() }, { tree: workTree(root) });
    const committed = await elementsPath(
      { root, thirdParty: new Map() },
      { tree: workTree(root), builtinElements: null },
    );
    expect(committed.dirs.at(-1)).toEqual({ source: 'dib', names: COMMITTED_DIB_ELEMENTS });
    expect(detected.dirs.at(-1)?.dir).toBe(dir);
    if (dir) expect(locateElement('debian-minimal', detected)?.dir).toBe(join(dir, 'debian-minimal'));
  });

  it('has a committed DIB element list equal to the installed DIB of the same version', async (ctx) => {
    const dir = await dibElementsDir();
    if (!dir) return ctx.skip('DIB not installed');
    const installed = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('_') && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
    // The package's metadata folder beside diskimage_builder/ names the installed version.
    const version = readdirSync(join(dir, '..', '..'))
      .map((n) => /^diskimage_builder-(.+)\.(egg|dist)-info$/.exec(n)?.[1])
      .find(Boolean);
    expect({ version, elements: installed }).toEqual({
      version: COMMITTED_DIB_VERSION,
      elements: [...COMMITTED_DIB_ELEMENTS],
    });
  });
});
