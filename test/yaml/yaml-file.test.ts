// The YAML reader under the config loader: values as the YAML 1.2 core schema reads them, and the
// position of every node (what each config error points at), for the shapes YAML can take.
import { describe, expect, it } from 'vitest';
import { YamlFile } from '../../src/yaml/yaml-file.js';

const TEXT = [
  'images:', // 1
  '  base: &base', // 2
  '    elements:', // 3
  "      - 'vm'", // 4
  '      - "cloud-init"', // 5
  '    properties: { os: debian, n: ~, hex: 0x1F, oct: 0o17, bin: 0b11, date: 2024-01-01 }', // 6
  '    empty:', // 7
  '    tagged: !!str 12', // 8
  '    script: |', // 9
  '      echo hi', // 10
  '  child:', // 11
  '    like: *base', // 12
  '    list:', // 13
  '    - a: 1', // 14
  '      b: [x, {y: z}]', // 15
  '  1.0: number key', // 16
  '',
].join('\n');

async function parsed(text: string) {
  const { file, errors } = await YamlFile.parse('images.yaml', text);
  return { file: file!, errors: errors.map((e) => e.format()) };
}

describe('YamlFile', () => {
  it('reads values with the YAML 1.2 core schema', async () => {
    const { file, errors } = await parsed(TEXT);
    expect(errors).toEqual([]);
    const images = (file.value() as { images: Record<string, Record<string, unknown>> }).images;
    expect(images.base.properties).toEqual({
      os: 'debian',
      n: null,
      hex: 31,
      oct: 15,
      bin: '0b11', // YAML 1.1 only
      date: '2024-01-01', // no timestamps in the core schema
    });
    expect(images.base.elements).toEqual(['vm', 'cloud-init']);
    expect(images.base.empty).toBeNull();
    expect(images.base.tagged).toBe('12');
    expect(images.base.script).toBe('echo hi\n');
    expect(images.child.like).toEqual(images.base);
    expect(images['1']).toBe('number key');
  });

  it('knows where each key and value starts', async () => {
    const { file } = await parsed(TEXT);
    const at = (path: (string | number)[], which: 'key' | 'value' = 'value') => {
      const p = file.pos(path, which);
      return `${p.line}:${p.col}`;
    };
    expect(at(['images', 'base'], 'key')).toBe('2:3');
    expect(at(['images', 'base'])).toBe('3:5'); // the mapping, not its anchor
    expect(at(['images', 'base', 'elements', 0])).toBe('4:9'); // the opening quote
    expect(at(['images', 'base', 'elements', 1])).toBe('5:9');
    expect(at(['images', 'base', 'properties', 'hex'])).toBe('6:42');
    expect(at(['images', 'base', 'empty'])).toBe('7:11'); // just after the colon
    expect(at(['images', 'base', 'tagged'])).toBe('8:19'); // the value, after its tag
    expect(at(['images', 'base', 'script'])).toBe('9:13'); // the block scalar's header
    expect(at(['images', 'child', 'like'])).toBe('12:11'); // the alias
    expect(at(['images', 'child', 'list', 0, 'b', 1, 'y'])).toBe('15:18');
    expect(at(['images', '1'], 'key')).toBe('16:3');
    // A path that runs past what exists points at the deepest key that does.
    expect(at(['images', 'child', 'missing', 'deeper'])).toBe('11:3');
  });

  it('reports every duplicate key, at the repeated key, and keeps the last value', async () => {
    const { file, errors } = await parsed(['a: 1', 'list:', '  - k: 1', '    k: 2', 'a: 3', ''].join('\n'));
    expect(errors).toEqual([
      "images.yaml:4:5: duplicate key 'k': each key may appear only once in a mapping",
      "images.yaml:5:1: duplicate key 'a': each key may appear only once in a mapping",
    ]);
    expect(file.value()).toEqual({ a: 3, list: [{ k: 2 }] });
  });

  it('merges `<<` keys (one mapping or a list), the own keys winning, the first merged one next', async () => {
    const text = [
      'x-a: &a { a: 1, b: 1 }', // 1
      'x-b: &b', // 2
      '  b: 2', // 3
      '  c: 2', // 4
      'z:', // 5
      '  <<: [*a, *b]', // 6
      '  a: 3', // 7
      'one: { <<: *b, d: 4 }', // 8
      '',
    ].join('\n');
    const { file, errors } = await parsed(text);
    expect(errors).toEqual([]);
    expect(file.value()).toMatchObject({ z: { a: 3, b: 1, c: 2 }, one: { b: 2, c: 2, d: 4 } });
    expect(Object.keys(file.value() as object)).not.toContain('<<');
    // A merged key is where it is written: in the anchored mapping, not at the `<<`.
    const at = (path: (string | number)[], which?: 'key' | 'value') => {
      const p = file.pos(path, which);
      return `${p.line}:${p.col}`;
    };
    expect(at(['z', 'a'], 'key')).toBe('7:3');
    expect(at(['z', 'b'])).toBe('1:20');
    expect(at(['z', 'c'], 'key')).toBe('4:3');
    expect(at(['one', 'c'])).toBe('4:6');
    expect(at(['one', 'd'])).toBe('8:19');
  });

  it('follows aliases into the anchored node for positions', async () => {
    const { file } = await parsed(['base: &l', '  - a', '  - b', 'use:', '  list: *l', ''].join('\n'));
    const p = file.pos(['use', 'list', 1]);
    expect(`${p.line}:${p.col}`).toBe('3:5');
  });

  it('reports syntax errors at their position, all of them', async () => {
    const { file, errors } = await YamlFile.parse('images.yaml', '- a\nb: 1\n');
    expect(file).toBeUndefined();
    expect(errors.map((e) => e.format())).toEqual([
      expect.stringMatching(/^images\.yaml:2:1: /),
      expect.stringMatching(/^images\.yaml:2:2: /),
      expect.stringMatching(/^images\.yaml:2:4: /),
    ]);
  });

  it('refuses several documents, unknown aliases and tags, and exponential aliases', async () => {
    const message = async (text: string) =>
      (await YamlFile.parse('f.yaml', text)).errors.map((e) => e.format());
    expect(await message('a: 1\n---\nb: 2\n')).toEqual([
      'f.yaml:2:1: a config file holds one YAML document, not several (invalid YAML)',
    ]);
    expect(await message('x: &a [1]\ny: *b\n')).toEqual([expect.stringMatching(/^f\.yaml:2:\d+: .*alias/)]);
    expect(await message('a: !custom x\n')).toEqual([expect.stringMatching(/^f\.yaml:1:\d+: .*tag/)]);
    // Each level doubles the one before: 2^30 nodes if expanded.
    const laughs = ['l0: &l0 [x, x]'];
    for (let i = 1; i <= 30; i++) laughs.push(`l${i}: &l${i} [*l${i - 1}, *l${i - 1}]`);
    expect(await message(laughs.join('\n') + '\n')).toEqual([
      'f.yaml:2:10: aliases expand this document to more than 1,000,000 nodes (invalid YAML)',
    ]);
  });

  it('reads an empty or comments-only file as an empty document', async () => {
    for (const text of ['', '# nothing yet\n']) {
      const { file, errors } = await parsed(text);
      expect(errors).toEqual([]);
      expect(file.isEmpty()).toBe(true);
      expect(file.value()).toBeNull();
    }
  });
});
