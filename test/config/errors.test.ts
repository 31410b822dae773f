// Every kind of config error, each at its exact file:line:col, and all of them at once.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { InputErrors } from '../../src/errors.js';
import { BUILTINS, element, lines, makeRepo } from './repo.js';

const SHA40 = 'a'.repeat(40);
const SHA64 = 'b'.repeat(64);

/** The formatted errors loading `files` produces (fails the test when loading succeeds). */
async function errorsOf(files: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const root = makeRepo(files);
  const err = await loadConfig({ cwd: root, env, builtinElements: BUILTINS }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputErrors);
  return (err as InputErrors).errors.map((e) => e.format());
}

const images = (...l: string[]) => ({ 'config/images.yaml': lines(...l) });

describe('config errors, each with its position', () => {
  it('unknown keys, with a did-you-mean', async () => {
    expect(
      await errorsOf(
        images('defualts: {}', 'images:', '  a:', '    elemnts: [vm]', '    test: { boot: { timout: 5 } }'),
      ),
    ).toEqual([
      "config/images.yaml:1:1: unknown key 'defualts' at the top level (did you mean 'defaults'?)",
      "config/images.yaml:4:5: unknown key 'elemnts' in 'images.a' (did you mean 'elements'?)",
      "config/images.yaml:5:21: unknown key 'timout' in 'images.a.test.boot' (did you mean 'timeout'?)",
    ]);
  });

  it('a bad name does not hide the errors inside its entry, in images and sites alike', async () => {
    expect(
      await errorsOf({
        'config/images.yaml': lines('images:', '  bad name:', '    elemnts: [vm]'),
        'config/sites.yaml': lines('sites:', '  -kvm:', '    cloud: c', '    kind: kvm', '    keep: many'),
      }),
    ).toEqual([
      "config/images.yaml:2:3: invalid name 'bad name': expected a image name: letters, digits, '.', '_' or '-'",
      "config/images.yaml:3:5: unknown key 'elemnts' in 'images.bad name' (did you mean 'elements'?)",
      "config/sites.yaml:2:3: invalid name '-kvm': expected a site name: a letter or digit, then letters, digits, '@', '.', '_' or '-'",
      'config/sites.yaml:5:11: expected a number, got the string "many"',
    ]);
  });

  it('an unknown key far from any known one lists what is allowed', async () => {
    const [err] = await errorsOf({
      'config/images.yaml': lines('images: {}'),
      'config/sites.yaml': lines('sites:', '  s: { cloud: c, kind: kvm, zzzzzz: 1 }'),
    });
    expect(err).toBe(
      "config/sites.yaml:2:29: unknown key 'zzzzzz' in 'sites.s' (expected one of: cloud, kind, disk_format, visibility, keep, architectures, properties, require_tests, object_store)",
    );
  });

  it('wrong types say what was expected and what was found', async () => {
    expect(
      await errorsOf(
        images(
          'images:',
          '  a:',
          '    elements: vm',
          '    env: { DIB_RELEASE: 22.10 }',
          '    test: { boot: { enabled: "yes", timeout: 1.5 } }',
          '  b: [vm]',
        ),
      ),
    ).toEqual([
      'config/images.yaml:3:15: expected a list, got the string "vm"',
      'config/images.yaml:4:25: expected a string (quote version-like numbers: "22.04")',
      'config/images.yaml:5:30: expected true or false, got the string "yes"',
      'config/images.yaml:5:46: expected an integer, got the number 1.5',
      'config/images.yaml:6:6: expected a mapping, got a list',
    ]);
  });

  it('a missing required key points at the mapping it belongs in', async () => {
    expect(
      await errorsOf({
        ...images('images: {}'),
        'config/sites.yaml': lines('sites:', '  kvm:', '    kind: kvm'),
      }),
    ).toEqual(["config/sites.yaml:2:3: missing required key 'cloud' in 'sites.kvm'"]);
  });

  it('an unknown parent, with a did-you-mean', async () => {
    expect(
      await errorsOf(images('images:', '  base: { elements: [vm] }', '  child:', '    parent: bsae')),
    ).toEqual(["config/images.yaml:4:13: unknown parent 'bsae' of image 'child' (did you mean 'base'?)"]);
  });

  it('a parent cycle, printed', async () => {
    expect(
      await errorsOf(
        images(
          'images:',
          '  a: { parent: c }',
          '  b: { parent: a }',
          '  c: { parent: b }',
          '  self: { parent: self }',
        ),
      ),
    ).toEqual([
      'config/images.yaml:3:16: parent cycle: a -> c -> b -> a (an image cannot be its own ancestor)',
      'config/images.yaml:5:19: parent cycle: self -> self (an image cannot be its own ancestor)',
    ]);
  });

  it('an unknown element', async () => {
    expect(
      await errorsOf({
        ...element('kiln-common'),
        ...images('images:', '  a:', '    elements: [debian-minimal, kiln-comon, no-such-thing]'),
      }),
    ).toEqual([
      "config/images.yaml:3:32: unknown element 'kiln-comon': not in elements/, a third-party repo or DIB's built-in elements (did you mean 'kiln-common'?)",
      "config/images.yaml:3:44: unknown element 'no-such-thing': not in elements/, a third-party repo or DIB's built-in elements",
    ]);
  });

  it('manifest_extra: a field kiln writes itself, a name that is no field name', async () => {
    const errs = await errorsOf(
      images('images:', '  a:', '    elements: [vm]', '    manifest_extra: { checksum: x, "bad key": y }'),
    );
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatch(/^config\/images\.yaml:4:\d+: .*'checksum' is a field kiln writes itself/);
    expect(errs[1]).toMatch(/^config\/images\.yaml:4:\d+: .*expected a field name/);
  });

  it('an unknown architecture, with the name kiln uses', async () => {
    expect(
      await errorsOf(
        images('defaults:', '  architectures: [amd64, x86_64]', 'images:', '  a: { architectures: [arm] }'),
      ),
    ).toEqual([
      `config/images.yaml:2:26: unknown architecture "x86_64": expected one of amd64, arm64 (kiln calls it 'amd64')`,
      `config/images.yaml:4:24: unknown architecture "arm": expected one of amd64, arm64 (kiln calls it 'arm64')`,
    ]);
  });

  it('a child built for an architecture its parent is not built for', async () => {
    expect(
      await errorsOf(
        images('images:', '  a: { elements: [vm] }', '  b:', '    parent: a', '    architectures: [arm64]'),
      ),
    ).toEqual([
      "config/images.yaml:5:20: image 'b' is built for arm64 but its parent 'a' is not (the parent builds amd64)",
    ]);
  });

  it('test settings: regular expressions that do not compile, paths that are not absolute', async () => {
    expect(
      await errorsOf(
        images(
          'defaults:',
          '  test: { required_files: [etc/hostname] }',
          'images:',
          '  a:',
          '    test:',
          '      required_files: [/etc/kiln/provenance.json, etc/motd]',
          '      forbidden_files: ["root/.ssh/*"]',
          '      boot:',
          '        marker: "login("',
          '        commands:',
          '          - { run: uname -m, expect: "x86_64" }',
          '          - { run: id, expect: "[uid" }',
        ),
      ),
    ).toEqual([
      'config/images.yaml:2:28: expected an absolute path in the image, starting with /',
      'config/images.yaml:6:51: expected an absolute path in the image, starting with /',
      'config/images.yaml:7:25: expected an absolute path in the image, starting with /',
      'config/images.yaml:9:17: not a valid regular expression: /login(/: Unterminated group',
      'config/images.yaml:12:32: not a valid regular expression: /[uid/: Unterminated character class',
    ]);
  });

  it('an unknown builder', async () => {
    expect(await errorsOf(images('images:', '  a: { builder: kiwi }'))).toEqual([
      'config/images.yaml:2:17: unknown builder "kiwi": expected one of dib, packer',
    ]);
  });

  it('site selectors that match no site', async () => {
    expect(
      await errorsOf({
        ...images(
          'images:',
          '  a: { sites: { kind: baremetl } }',
          '  b: { sites: { names: [kvm, metl] } }',
          '  c: { sites: { kind: gpu } }',
          '  d: { sites: { kind: kvm, names: [kvm] } }',
        ),
        'config/sites.yaml': lines(
          'sites:',
          '  kvm: { cloud: a, kind: kvm }',
          '  metal: { cloud: b, kind: baremetal }',
        ),
      }),
    ).toEqual([
      "config/images.yaml:2:23: site selector kind 'baremetl' of image 'a' matches no site (did you mean 'baremetal'?)",
      "config/images.yaml:3:30: site selector of image 'b' names unknown site 'metl' (did you mean 'metal'?)",
      "config/images.yaml:4:23: site selector kind 'gpu' of image 'c' matches no site (kinds in sites.yaml: kvm, baremetal)",
      'config/images.yaml:5:15: expected exactly one of `kind` or `names`',
    ]);
  });

  it('a third-party ref that is not a full commit SHA', async () => {
    expect(
      await errorsOf({
        ...images('images: {}'),
        'config/third-party.yaml': lines(
          'elements:',
          '  a: { repo: https://example.org/a.git, ref: main }',
          `  b: { repo: https://example.org/b.git, ref: ${SHA40.slice(0, 12)} }`,
          `  c: { repo: https://example.org/c.git, ref: ${SHA40} }`,
        ),
      }),
    ).toEqual([
      'config/third-party.yaml:2:46: expected a full commit SHA, 40 lowercase hex digits (branches and tags can move: to follow a branch, use `branch:`)',
      'config/third-party.yaml:3:46: expected a full commit SHA, 40 lowercase hex digits (branches and tags can move: to follow a branch, use `branch:`)',
    ]);
  });

  it('artifacts without a sha256, or with a malformed one', async () => {
    expect(
      await errorsOf(
        images(
          'images:',
          '  a:',
          '    artifacts:',
          '      NO_SUM: { url: https://example.org/x }',
          '      BAD_SUM: { url: https://example.org/y, sha256: 1234 }',
          `      UPPER: { url: https://example.org/z, sha256: ${SHA64.toUpperCase()} }`,
          `      FTP: { url: ftp://example.org/z, sha256: ${SHA64} }`,
        ),
      ),
    ).toEqual([
      'config/images.yaml:4:7: missing sha256: an artifact needs its SHA-256 checksum',
      'config/images.yaml:5:54: expected a string, got a number: YAML reads unquoted digits as a number (quote the value as written, e.g. sha256: "0123...")',
      'config/images.yaml:6:52: expected a SHA-256 checksum: 64 lowercase hex digits',
      'config/images.yaml:7:19: expected an http(s) or file URL',
    ]);
  });

  it('duplicate keys', async () => {
    expect(
      await errorsOf(
        images('images:', '  a: { elements: [vm] }', '  b: { elements: [vm] }', '  a: { elements: [vm] }'),
      ),
    ).toEqual(["config/images.yaml:4:3: duplicate key 'a': each key may appear only once in a mapping"]);
  });

  it('bad YAML', async () => {
    const errors = await errorsOf(images('images:', '  a: { elements: [vm }', '  b: 1'));
    expect(errors[0]).toMatch(/^config\/images\.yaml:2:\d+: .+ \(invalid YAML\)$/);
    for (const e of errors) expect(e).toMatch(/^config\/images\.yaml:\d+:\d+: .+ \(invalid YAML\)$/);
  });

  it('packer images: template missing, template file missing, var file missing', async () => {
    expect(
      await errorsOf({
        ...element('kiln-common'),
        'packer/ok.pkr.hcl': '',
        ...images(
          'images:',
          '  no-template:',
          '    builder: packer',
          '  missing-template:',
          '    builder: packer',
          '    template: packer/nope.pkr.hcl',
          '  missing-var-file:',
          '    builder: packer',
          '    template: packer/ok.pkr.hcl',
          '    var_files: [common]',
          '  packer-with-elements:',
          '    builder: packer',
          '    template: packer/ok.pkr.hcl',
          '    elements: [kiln-common]',
          '  dib-with-template:',
          '    template: packer/ok.pkr.hcl',
        ),
      }),
    ).toEqual([
      "config/images.yaml:2:3: packer image 'no-template' has no template (add `template: packer/<name>.pkr.hcl`)",
      "config/images.yaml:6:15: template file 'packer/nope.pkr.hcl' of image 'missing-template' does not exist (paths are relative to the repository root)",
      "config/images.yaml:10:17: var file 'common' of image 'missing-var-file' does not exist: no packer/vars/common.pkrvars.hcl",
      "config/images.yaml:14:5: packer image 'packer-with-elements' cannot have DIB elements (elements are for builder: dib)",
      "config/images.yaml:16:5: 'template' only applies to packer images, and 'dib-with-template' is built with dib (set `builder: packer`)",
    ]);
  });

  it('invalid image names', async () => {
    expect(await errorsOf(images('images:', '  "has space": {}', '  ok: {}'))).toEqual([
      "config/images.yaml:2:3: invalid name 'has space': expected a image name: letters, digits, '.', '_' or '-'",
    ]);
  });
});

describe('config errors, all at once', () => {
  it('reports every problem in every file, sorted by position, and keeps checking valid images', async () => {
    const errors = await errorsOf({
      ...element('kiln-common'),
      'config/images.yaml': lines(
        'images:',
        '  good:',
        '    elements: [vm, kiln-common, nope]',
        '  typo:',
        '    elemnts: [vm]',
        '  orphan:',
        '    parent: missing',
        '  picky:',
        '    sites: { kind: gpu }',
      ),
      'config/sites.yaml': lines('sites:', '  kvm: { cloud: a, kind: kvm }'),
      'config/third-party.yaml': lines(
        'elements:',
        '  t: { repo: https://example.org/t.git, ref: v1.0, provides: [x] }',
      ),
    });
    expect(errors).toEqual([
      "config/images.yaml:5:5: unknown key 'elemnts' in 'images.typo' (did you mean 'elements'?)",
      "config/images.yaml:7:13: unknown parent 'missing' of image 'orphan' (parent must be an image defined in this file)",
      "config/images.yaml:9:20: site selector kind 'gpu' of image 'picky' matches no site (kinds in sites.yaml: kvm)",
      'config/third-party.yaml:2:46: expected a full commit SHA, 40 lowercase hex digits (branches and tags can move: to follow a branch, use `branch:`)',
    ]);
    // Element names are not checked while third-party.yaml is broken (they could come from it).
    expect(errors.join('\n')).not.toContain("'nope'");
  });

  it('checks element names once third-party.yaml is valid', async () => {
    const errors = await errorsOf({
      ...element('kiln-common'),
      'config/images.yaml': lines(
        'images:',
        '  good:',
        '    elements: [vm, kiln-common, nope]',
        '  bad: { builder: x }',
      ),
    });
    expect(errors).toEqual([
      "config/images.yaml:3:33: unknown element 'nope': not in elements/, a third-party repo or DIB's built-in elements",
      'config/images.yaml:4:19: unknown builder "x": expected one of dib, packer',
    ]);
  });
});

describe('config errors in an image with schema errors', () => {
  it('are still found in its other settings', async () => {
    expect(
      await errorsOf({
        ...images(
          'images:',
          '  a:',
          '    architectures: [x86]',
          '    elements: [vm, nope]',
          '    artifacts: { X: { url: https://example.org/x, sha256: "0" } }',
          '  b:',
          '    elemnts: []',
          '    parent: missing',
        ),
      }),
    ).toEqual([
      'config/images.yaml:3:21: unknown architecture "x86": expected one of amd64, arm64',
      "config/images.yaml:4:20: unknown element 'nope': not in elements/, a third-party repo or DIB's built-in elements",
      'config/images.yaml:5:59: expected a SHA-256 checksum: 64 lowercase hex digits',
      "config/images.yaml:7:5: unknown key 'elemnts' in 'images.b' (did you mean 'elements'?)",
      "config/images.yaml:8:13: unknown parent 'missing' of image 'b' (parent must be an image defined in this file)",
    ]);
  });

  it('do not include builder-specific checks when the builder itself is wrong', async () => {
    expect(
      await errorsOf(images('images:', '  a:', '    builder: pakcer', '    template: packer/x.pkr.hcl')),
    ).toEqual([
      'config/images.yaml:3:14: unknown builder "pakcer": expected one of dib, packer (did you mean \'packer\'?)',
    ]);
  });
});
