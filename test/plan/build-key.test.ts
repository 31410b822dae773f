import { chmodSync, cpSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dibElementsDir } from '../../src/config/dib-elements-dir.js';
import { canonicalJson } from '../../src/plan/build-key.js';
import { keysIn } from '../support/plan-in.js';
import { COMMITTED_DIB_ELEMENTS } from '../../src/config/elements-path.js';
import { IMAGES_YAML, scratch, writeRepo, type RepoFiles } from './fixture.js';
import { expandElements } from '../../src/plan/dib-element-rules.js';
import { seeded } from './seeded.js';

type Keys = Record<string, string>;

async function keysOf(dir: string, builtinElements: null | undefined = null): Promise<Keys> {
  const { keys } = await keysIn(dir, { builtinElements });
  const out: Keys = {};
  for (const [name, k] of keys) for (const [arch, key] of k.keys) out[`${name}/${arch}`] = key;
  return out;
}

/** The image/arch pairs whose key differs between two key sets. */
function changed(a: Keys, b: Keys): string[] {
  return Object.keys({ ...a, ...b })
    .filter((id) => a[id] !== b[id])
    .sort();
}

const ALL = [
  'base-os-gpu-ml/amd64',
  'base-os-gpu-ml/arm64',
  'base-os-gpu/amd64',
  'base-os-gpu/arm64',
  'base-os/amd64',
  'base-os/arm64',
  'k8s/amd64',
  'other/amd64',
];

describe('build keys', () => {
  it('are 64-hex, one per image x arch, and differ between architectures', async () => {
    const keys = await keysOf(writeRepo(scratch('keys')));
    expect(Object.keys(keys).sort()).toEqual(ALL);
    for (const k of Object.values(keys)) expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(keys['base-os/amd64']).not.toBe(keys['base-os/arm64']);
  });

  it('are the same when computed twice and in a copy of the repo at another absolute path', async () => {
    const a = writeRepo(scratch('keys-a'));
    const b = join(scratch('keys-b'), 'deeper', 'copy');
    cpSync(a, b, { recursive: true });
    const first = await keysOf(a);
    expect(await keysOf(a)).toEqual(first);
    expect(await keysOf(b)).toEqual(first);
  });

  it('do not depend on whether DIB is installed where plan runs', async (ctx) => {
    if (!(await dibElementsDir())) ctx.skip('DIB not installed');
    const dir = writeRepo(scratch('keys-dib'));
    expect(await keysOf(dir, undefined)).toEqual(await keysOf(dir, null));
  });

  it('change for exactly the image using a changed element and its descendants', async () => {
    const dir = writeRepo(scratch('keys-byte'));
    const before = await keysOf(dir);
    appendFileSync(join(dir, 'elements/gpu/install.d/30-gpu'), '#');
    expect(changed(before, await keysOf(dir))).toEqual([
      'base-os-gpu-ml/amd64',
      'base-os-gpu-ml/arm64',
      'base-os-gpu/amd64',
      'base-os-gpu/arm64',
    ]);
  });

  it('follow element-deps: a change deep in a chain reaches the image', async () => {
    const dir = writeRepo(scratch('keys-deep'));
    const before = await keysOf(dir);
    writeFileSync(join(dir, 'elements/deep-2/README.rst'), 'the end of a chain!\n');
    expect(changed(before, await keysOf(dir))).toEqual(['other/amd64']);
    const middle = await keysOf(dir);
    // helper is reached from base-os through common, so the whole base-os group changes.
    writeFileSync(join(dir, 'elements/helper/new-file'), '');
    expect(changed(middle, await keysOf(dir))).toEqual(ALL.filter((id) => id.startsWith('base-os')));
  });

  it("count a project element overriding one of DIB's for every DIB image (DIB elements may use it)", async () => {
    const dir = writeRepo(scratch('keys-override'));
    writeRepo(dir, { 'elements/bootloader/README': 'our own bootloader element\n' });
    const before = await keysOf(dir);
    appendFileSync(join(dir, 'elements/bootloader/README'), 'changed\n');
    expect(changed(before, await keysOf(dir))).toEqual(ALL.filter((id) => id !== 'k8s/amd64'));
  });

  it('count a file mode change', async () => {
    const dir = writeRepo(scratch('keys-mode'));
    const before = await keysOf(dir);
    chmodSync(join(dir, 'elements/deep-2/README.rst'), 0o755);
    expect(changed(before, await keysOf(dir))).toEqual(['other/amd64']);
  });

  it('change for DIB images only when the pinned DIB version changes', async () => {
    const dir = writeRepo(scratch('keys-dibver'));
    const before = await keysOf(dir);
    writeFileSync(
      join(dir, 'config/images.yaml'),
      IMAGES_YAML.replace('defaults:\n', 'defaults:\n  builders: { dib: "3.14.0", packer: "1.6.6" }\n'),
    );
    expect(changed(before, await keysOf(dir))).toEqual(ALL.filter((id) => id !== 'k8s/amd64'));
  });

  it('change for the Packer image only when its var file or a file its template can use changes', async () => {
    const dir = writeRepo(scratch('keys-packer'));
    const before = await keysOf(dir);
    writeFileSync(join(dir, 'packer/vars/unused.pkrvars.hcl'), 'version = "1"\n');
    expect(changed(before, await keysOf(dir))).toEqual([]);
    writeFileSync(join(dir, 'packer/vars/common.pkrvars.hcl'), 'version = "1.31"\n');
    expect(changed(before, await keysOf(dir))).toEqual(['k8s/amd64']);
    const middle = await keysOf(dir);
    // The template runs ${path.root}/scripts/node.sh: that file counts, a sibling template does not.
    appendFileSync(join(dir, 'packer/scripts/node.sh'), 'echo more\n');
    expect(changed(middle, await keysOf(dir))).toEqual(['k8s/amd64']);
    const after = await keysOf(dir);
    appendFileSync(join(dir, 'packer/other.pkr.hcl'), '# an edit of another template\n');
    expect(changed(after, await keysOf(dir))).toEqual([]);
  });

  it('ignore settings that do not decide the bytes (runner labels), but count properties', async () => {
    const dir = writeRepo(scratch('keys-settings'));
    const before = await keysOf(dir);
    const yaml = join(dir, 'config/images.yaml');
    writeFileSync(yaml, IMAGES_YAML.replace('[self-hosted, x64]', '[self-hosted, big-x64]'));
    expect(changed(before, await keysOf(dir))).toEqual([]);
    writeFileSync(
      yaml,
      IMAGES_YAML.replace(
        '    elements: [gpu]\n',
        '    elements: [gpu]\n    properties: { hw_gpu: "yes" }\n',
      ),
    );
    expect(changed(before, await keysOf(dir))).toEqual([
      'base-os-gpu-ml/amd64',
      'base-os-gpu-ml/arm64',
      'base-os-gpu/amd64',
      'base-os-gpu/arm64',
    ]);
  });
});

describe('canonicalJson', () => {
  // What it must equal: JSON.stringify with every object rebuilt from its sorted keys.
  const reference = (value: unknown) =>
    JSON.stringify(value, (_k, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, (v as Record<string, unknown>)[k]]),
          )
        : v,
    );

  it('writes keys sorted at every level, array-index keys first, undefined members left out', () => {
    const values: unknown[] = [
      { b: 1, a: [3, { z: null, y: 'x' }], c: { '10': 1, '9': 2, '01': 3, '-1': 4, b: 5, '4294967295': 6 } },
      { name: 'img', env: { B: '2', A: '1' }, elements: ['vm', 'kiln-common'], gone: undefined },
      { '2': 'two', '1': 'one', ä: 1, Z: 2, _: 3 },
      [1, 'a', null, true, undefined, { b: 1, a: undefined }],
      JSON.parse('{"env": {"__proto__": "x", "A": "1"}}'),
      'plain',
    ];
    for (const v of values) expect(canonicalJson(v)).toBe(reference(v));
    expect(canonicalJson({ '10': 1, '9': 2 })).toBe('{"9":2,"10":1}');
    expect(canonicalJson(JSON.parse('{"__proto__": "x"}'))).toBe('{"__proto__":"x"}');
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('build keys on random catalogues', () => {
  it('change for exactly the images whose closure has the changed element, and their descendants', async () => {
    const random = seeded(7);
    const names = Array.from({ length: 14 }, (_, i) => `e${i}`);
    for (let round = 0; round < 6; round++) {
      // Project elements with element-deps (other elements, a virtual name, a DIB element) and now
      // and then element-provides; images in parent chains, each adding elements to its parent's.
      const defs = new Map<string, { deps: string[]; provides: string[] }>();
      for (const name of names) {
        const pool = [...names, 'virtual-a', 'virtual-b', 'cloud-init'];
        const deps = Array.from({ length: random(3) }, () => pool[random(pool.length)]).filter(
          (d) => d !== name,
        );
        const provides = random(5) === 0 ? [random(2) ? 'virtual-a' : names[random(names.length)]] : [];
        defs.set(name, { deps: [...new Set(deps)], provides });
      }
      const files: RepoFiles = {};
      for (const [name, d] of defs) {
        files[`elements/${name}/install.d/10-${name}`] = { text: `#!/bin/bash\necho ${name}\n`, mode: 0o755 };
        if (d.deps.length) files[`elements/${name}/element-deps`] = d.deps.join('\n') + '\n';
        if (d.provides.length) files[`elements/${name}/element-provides`] = d.provides.join('\n') + '\n';
      }
      const images = new Map<string, { parent?: string; elements: string[] }>();
      const yaml = ['images:'];
      for (let i = 0; i < 9; i++) {
        const parents = [...images.keys()];
        const parent = i > 0 && random(3) > 0 ? parents[random(parents.length)] : undefined;
        const own = [...new Set(Array.from({ length: 1 + random(2) }, () => names[random(names.length)]))];
        const inherited = parent ? images.get(parent)!.elements : ['vm'];
        const elements = [...inherited, ...own.filter((e) => !inherited.includes(e))];
        images.set(`img${i}`, { parent, elements });
        yaml.push(
          `  img${i}:`,
          parent ? `    parent: ${parent}` : '',
          `    elements: [${(parent ? own : ['vm', ...own]).join(', ')}]`,
        );
      }
      files['config/images.yaml'] = yaml.filter(Boolean).join('\n') + '\n';
      const dir = writeRepo(scratch(`keys-random-${round}`), files);
      const located = (n: string) =>
        defs.has(n) ? { source: 'project' } : COMMITTED_DIB_ELEMENTS.has(n) ? { source: 'dib' } : undefined;
      const readable = (n: string) => ({
        ...(defs.get(n) ?? { deps: [], provides: [] }),
        readable: defs.has(n),
      });
      const keyed = new Map(
        [...images].map(([name, i]) => {
          const c = expandElements(i.elements, located, readable);
          return [name, 'keyed' in c ? c.keyed : []];
        }),
      );
      const before = await keysOf(dir);
      for (let change = 0; change < 3; change++) {
        const element = names[random(names.length)];
        appendFileSync(join(dir, `elements/${element}/install.d/10-${element}`), `echo change ${change}\n`);
        const after = await keysOf(dir);
        // An image whose closure has the element, and every image below it.
        const hit = new Set([...images.keys()].filter((n) => keyed.get(n)!.includes(element)));
        for (const [name, image] of images) if (image.parent && hit.has(image.parent)) hit.add(name);
        expect(changed(before, after), `round ${round}: ${element} changed`).toEqual(
          [...hit].map((n) => `${n}/amd64`).sort(),
        );
        Object.assign(before, after);
      }
    }
  });
});
