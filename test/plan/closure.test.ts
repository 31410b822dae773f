import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { InputErrors } from '../../src/errors.js';
import { dibElementsDir } from '../../src/config/dib-elements-dir.js';
import { elementsPath } from '../../src/config/elements-path.js';
import { workTree } from '../../src/config/source-tree.js';
import type { ThirdPartyRepo } from '../../src/config/types.js';
import { expandElements, IMPLICIT_ELEMENTS } from '../../src/plan/dib-element-rules.js';
import type { ElementClosure } from '../../src/plan/element-closure.js';
import { ElementGraph } from '../../src/plan/element-graph.js';
import { ElementResolver } from '../../src/plan/element-resolver.js';
import { seeded } from './seeded.js';
import { REPO, scratch, writeRepo } from './fixture.js';

const REF = 'a'.repeat(40);
const names = (list: { name: string }[]) => list.map((e) => e.name);

async function resolver(
  extra: Record<string, string> = {},
  options: {
    builtin?: 'installed' | null | Set<string>;
    thirdParty?: Record<string, Record<string, string>>;
  } = {},
) {
  const root = writeRepo(scratch('closure'), { ...REPO, ...extra });
  const cache = join(root, 'cache');
  const thirdParty = new Map<string, ThirdPartyRepo>();
  for (const [repoName, files] of Object.entries(options.thirdParty ?? {})) {
    const repo = {
      name: repoName,
      repo: `https://example.org/${repoName}.git`,
      ref: REF,
      elements_dir: 'elements',
    };
    thirdParty.set(repoName, { ...repo, pos: { file: 'config/third-party.yaml', line: 1, col: 1 } });
    for (const [path, text] of Object.entries(files)) {
      const full = join(cache, 'third-party', repoName, REF, 'elements', path);
      mkdirSync(join(full, '..'), { recursive: true });
      writeFileSync(full, text);
    }
  }
  const tree = workTree(root);
  const path = await elementsPath(
    { root, thirdParty },
    {
      tree,
      env: { KILN_CACHE_DIR: cache },
      // Tests choose what "DIB's built-in elements" are: a fixed set by default (names only, as on a
      // machine without DIB), the committed list (null), or the installed DIB's folder.
      builtinElements:
        options.builtin === 'installed'
          ? undefined
          : options.builtin === null
            ? null
            : (options.builtin ?? new Set(['cloud-init', 'vm', 'ubuntu', 'debian-minimal'])),
    },
  );
  return new ElementResolver(tree, path);
}

describe('element closure', () => {
  it('follows element-deps chains through project elements', async () => {
    const r = await resolver();
    const c = await r.closure(['other-el']);
    expect(names(c.keyed)).toEqual(['deep-1', 'deep-2', 'other-el']);
    expect(c.all).toEqual(['deep-1', 'deep-2', 'other-el']);
    expect(c.keyed.every((e) => e.source === 'project')).toBe(true);
  });

  it('stops at DIB built-in names when DIB is not here, and says which', async () => {
    const r = await resolver();
    const c = await r.closure(['vm', 'common']);
    expect(names(c.keyed)).toEqual(['cloud-init', 'common', 'helper', 'vm']);
    expect(c.keyed.find((e) => e.name === 'vm')?.source).toBe('dib');
    expect(names(c.opaque)).toEqual(['cloud-init', 'vm']);
  });

  it('follows built-in deps with the installed DIB, without changing the keyed part', async (ctx) => {
    if (!(await dibElementsDir())) ctx.skip('DIB not installed');
    const elements = ['debian-minimal', 'vm', 'common'];
    const withDib = await (await resolver({}, { builtin: 'installed' })).closure(elements);
    const withoutDib = await (await resolver({}, { builtin: null })).closure(elements);
    // vm -> bootloader, block-device (provided by the block-device-mbr DIB adds for vm), ...
    expect(withDib.all).toEqual(
      expect.arrayContaining(['bootloader', 'block-device-mbr', 'base', 'debootstrap']),
    );
    expect(withDib.opaque).toEqual([]);
    const keyed = (c: typeof withDib) => c.keyed.map((e) => `${e.source}:${e.name}`);
    expect(keyed(withDib)).toEqual(keyed(withoutDib));
    expect(withDib.unresolvedKeyed).toEqual(withoutDib.unresolvedKeyed);
  });

  it('counts a third-party element by its pin and follows its deps when checked out', async () => {
    const r = await resolver(
      {},
      { thirdParty: { vendor: { 'tp-el/element-deps': 'tp-dep\nhelper\n', 'tp-dep/README': 'x\n' } } },
    );
    const c = await r.closure(['tp-el']);
    expect(names(c.keyed)).toEqual(['tp-el']);
    expect(c.keyed[0]).toMatchObject({ source: 'third-party', repo: { name: 'vendor', ref: REF } });
    expect(c.all).toEqual(['helper', 'tp-dep', 'tp-el']);
  });

  it('lets element-provides satisfy a virtual dependency', async () => {
    const r = await resolver({
      'elements/impl/element-provides': 'virtual-thing\n',
      'elements/user/element-deps': 'virtual-thing\n',
    });
    const c = await r.closure(['impl', 'user']);
    expect(c.all).toEqual(['impl', 'user']);
    expect(c.unresolvedKeyed).toEqual([]);
  });

  it('reports a dependency nobody has at its element-deps line', async () => {
    const r = await resolver({ 'elements/broken/element-deps': 'helper\nno-such-element\n' });
    const err = await r.closure(['broken']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputErrors);
    expect((err as InputErrors).errors[0].format()).toMatch(
      /^elements\/broken\/element-deps:2:1: unknown element 'no-such-element'/,
    );
  });

  it('only notes an unknown name when an unread element might provide it', async () => {
    const r = await resolver({ 'elements/broken/element-deps': 'no-such-element\n' });
    const c = await r.closure(['broken', 'vm']);
    expect(c.unverified).toEqual(['no-such-element']);
    expect(c.unresolvedKeyed).toEqual(['no-such-element']);
  });
});

describe("a child image's closure from its parent's", () => {
  const childOf = async (r: ElementResolver, parent: string[], child: string[]) => {
    await r.load([...parent, ...child, ...IMPLICIT_ELEMENTS]);
    const closure = r.loadedClosure(child, { elements: parent, closure: r.loadedClosure(parent) });
    return { closure, alone: r.loadedClosure(child) };
  };

  it("is the full walk's when the child's elements do not extend the parent's", async () => {
    const { closure, alone } = await childOf(await resolver(), ['other-el', 'gpu'], ['gpu', 'ml']);
    expect(names(closure.keyed)).toEqual(['gpu', 'helper', 'ml']);
    expect(names(closure.keyed)).toEqual(names(alone.keyed));
    expect(names(closure.added!.keyed)).toEqual(['ml']);
  });

  it("is the full walk's when what the child adds changes DIB's implicit elements", async () => {
    const r = await resolver(
      { 'elements/block-device-own/README': 'a layout of our own\n' },
      { builtin: new Set(['vm', 'base', 'block-device-mbr']) },
    );
    const { closure, alone } = await childOf(r, ['vm', 'gpu'], ['vm', 'gpu', 'block-device-own']);
    // vm without a block-device-* element brings DIB's MBR layout; with one it does not.
    expect(r.loadedClosure(['vm', 'gpu']).all).toContain('block-device-mbr');
    expect(closure.all).not.toContain('block-device-mbr');
    expect(closure.all).toEqual(alone.all);
    expect(names(closure.added!.keyed)).toEqual(['block-device-own']);
  });
});

describe('element closure against the reference expansion', () => {
  it('agrees on random element graphs with provides, pinned, missing and implicit names, and along parent chains', async () => {
    const random = seeded(42);
    const project = Array.from({ length: 14 }, (_, i) => `p${i}`);
    const vendor = Array.from({ length: 5 }, (_, i) => `t${i}`);
    const dib = ['cloud-init', 'vm', 'ubuntu', 'debian-minimal'];
    const all = [...project, ...vendor, ...dib, 'm0', 'm1', 'm2'];
    const full = vi.spyOn(ElementGraph.prototype, 'walk');
    let children = 0;
    let extended = 0;
    for (let round = 0; round < 20; round++) {
      // Every other round without element-provides: the case a child's closure can extend its parent's.
      const withProvides = round % 2 === 0;
      const defs = new Map<string, { deps: string[]; provides: string[] }>();
      for (const name of [...project, ...vendor]) {
        const deps = Array.from({ length: random(4) }, () => all[random(all.length)]);
        // Half the provided names are ones no element has: virtual names, the common case.
        const virtual = ['m0', 'm1', 'm2'];
        const provides =
          withProvides && random(3) === 0 ? [random(2) ? virtual[random(3)] : all[random(all.length)]] : [];
        defs.set(name, { deps, provides });
      }
      const extra: Record<string, string> = {};
      const thirdParty: Record<string, string> = {};
      for (const [name, d] of defs) {
        const target = name.startsWith('p') ? extra : thirdParty;
        const prefix = name.startsWith('p') ? `elements/${name}/` : `${name}/`;
        target[`${prefix}README`] = `${name}\n`;
        if (d.deps.length) target[`${prefix}element-deps`] = d.deps.join('\n') + '\n';
        if (d.provides.length) target[`${prefix}element-provides`] = d.provides.join('\n') + '\n';
      }
      // In rounds 2 and 3 of every 4, DIB's implicit elements are on the path too (names only).
      const builtin = new Set([...dib, ...(round % 4 >= 2 ? ['base', 'block-device-mbr'] : [])]);
      const r = await resolver(extra, { builtin, thirdParty: { vendor: thirdParty } });
      const files = (name: string) => ({
        ...(defs.get(name) ?? { deps: [], provides: [] }),
        readable: defs.has(name),
      });
      const observe = (c: ElementClosure) => ({
        keyed: names(c.keyed),
        unresolvedKeyed: c.unresolvedKeyed,
        all: c.all,
        opaque: names(c.opaque),
        unverified: c.unverified,
      });
      const failed = (err: unknown) => ({
        // The name, whether unknown or (virtual) provided only by an element outside the closure.
        unknown: (err as InputErrors).errors.map((e) => {
          const m = /unknown element '([^']+)'|depends on '([^']+)', which only/.exec(e.message)!;
          return m[1] ?? m[2];
        }),
      });
      for (let chain = 0; chain < 8; chain++) {
        // A root image, then children each adding elements to their parent's (mostly project ones).
        const pick = [...project, ...vendor, ...dib];
        let elements = [...new Set(Array.from({ length: 1 + random(4) }, () => pick[random(pick.length)]))];
        let parent:
          { elements: string[]; closure: ElementClosure; keyed: string[]; unresolved: string[] } | undefined;
        for (let depth = 0; depth < 4; depth++) {
          const want = expandElements(elements, (n) => r.locate(n), files);
          await r.load([...elements, ...IMPLICIT_ELEMENTS]);
          const before = full.mock.calls.length;
          let closure: ElementClosure | undefined;
          let got;
          try {
            closure = r.loadedClosure(elements, parent);
            got = observe(closure);
          } catch (err) {
            got = failed(err);
          }
          expect(got, `round ${round}, elements ${elements.join(' ')}`).toEqual(want);
          if (!closure || 'unknown' in want) break;
          if (parent) {
            children++;
            if (full.mock.calls.length === before) extended++;
            // What the child adds is exactly what its closure has beyond the parent's.
            expect(names(closure.added!.keyed)).toEqual(want.keyed.filter((n) => !parent!.keyed.includes(n)));
            expect(closure.added!.unresolvedKeyed).toEqual(
              want.unresolvedKeyed.filter((n) => !parent!.unresolved.includes(n)),
            );
          }
          parent = { elements, closure, keyed: want.keyed, unresolved: want.unresolvedKeyed };
          const more = random(3)
            ? [project[random(project.length)]]
            : [pick[random(pick.length)], project[random(project.length)]];
          elements = [...elements, ...more.filter((e) => !elements.includes(e))];
        }
      }
    }
    // The extension (walking only what a child adds) is what most children here take.
    expect(extended).toBeGreaterThan(children / 4);
    expect(extended).toBeLessThan(children);
  });
});
