// `kiln validate` and `kiln schema` through the bundled CLI, as users run them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kiln } from '../support/cli.js';
import { lines, makeRepo } from './repo.js';

const STACK = /\n\s+at /;

describe('kiln validate', () => {
  it("accepts kiln's own catalogue with a summary and exit 0", () => {
    const res = kiln(['validate']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      /^config ok: \d+ images \(\d+ builds across architectures\), 2 sites, 0 third-party repos\n$/,
    );
  });

  it('lists every problem as file:line:col, exits 2, prints no stack trace', () => {
    const root = makeRepo({
      'config/images.yaml': lines(
        'images:',
        '  a:',
        '    elemnts: [vm]',
        '  b:',
        '    parent: nope',
        '    architectures: [x86]',
      ),
    });
    const res = kiln(['validate'], { cwd: root });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(
      lines(
        "config/images.yaml:3:5: unknown key 'elemnts' in 'images.a' (did you mean 'elements'?)",
        "config/images.yaml:5:13: unknown parent 'nope' of image 'b' (parent must be an image defined in this file)",
        'config/images.yaml:6:21: unknown architecture "x86": expected one of amd64, arm64',
      ),
    );
    expect(res.stderr).not.toMatch(STACK);
  });

  it('checks test settings: validate and plan both refuse them with exit 2', () => {
    const root = makeRepo({
      'config/images.yaml': lines(
        'images:',
        '  a:',
        '    elements: [vm]',
        '    test:',
        '      required_files: [etc/hostname]',
        '      boot: { marker: "login(", commands: [{ run: id, expect: "(" }] }',
      ),
    });
    const expected = lines(
      'config/images.yaml:5:24: expected an absolute path in the image, starting with /',
      'config/images.yaml:6:23: not a valid regular expression: /login(/: Unterminated group',
      'config/images.yaml:6:63: not a valid regular expression: /(/: Unterminated group',
    );
    for (const command of [['validate'], ['plan', 'a']]) {
      const res = kiln(command, { cwd: root });
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr).toBe(expected);
    }
  });

  it('warns, at its line, about a placeholder (all-zero) checksum, and still exits 0', () => {
    const root = makeRepo({
      'config/images.yaml': lines(
        'images:',
        '  a:',
        '    elements: [vm]',
        '    artifacts:',
        `      X: { url: https://example.org/x.run, sha256: "${'0'.repeat(64)}" }`,
      ),
    });
    const res = kiln(['validate'], { cwd: root });
    expect(res.stderr).toBe(
      "warning: config/images.yaml:5:52: artifact X of image 'a' has a placeholder sha256 (all zeros): building it will fail (put the publisher's checksum of the file here)\n",
    );
    expect(res.code).toBe(0);
  });

  it('reports a file that is not YAML at its line, through the bundled CLI, with exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['images:', '  a: { elements: [vm] }', '- b', 'c: 1'], /^config\/images\.yaml:3:1: /],
      [['images:', '  a: *nope'], /^config\/images\.yaml:2:\d+: .*alias/],
      [['images: {}', '---', 'x: 1'], /^config\/images\.yaml:2:1: a config file holds one YAML document/],
    ];
    for (const [text, message] of cases) {
      const root = makeRepo({ 'config/images.yaml': lines(...text) });
      const res = kiln(['plan'], { cwd: root });
      expect(res.stderr).toMatch(message);
      expect(res.stderr).not.toMatch(STACK);
      expect(res.code).toBe(2);
    }
  });

  it('reads --config-dir', () => {
    const root = makeRepo({
      'conf/images.yaml': lines('images:', '  a: { elements: [vm] }', '  b: { parent: a }'),
      'conf/sites.yaml': lines('sites:', '  s: { cloud: c, kind: kvm }'),
    });
    const res = kiln(['validate', '--config-dir', 'conf'], { cwd: root });
    expect(res.stderr).toBe('');
    expect(res.stdout).toBe(
      'config ok: 2 images (2 builds across architectures), 1 site, 0 third-party repos\n',
    );
    expect(res.code).toBe(0);
    expect(kiln(['validate'], { cwd: root }).stderr).toContain('config file not found: config/images.yaml');
  });

  it('rejects arguments it does not take', () => {
    const res = kiln(['validate', 'config/images.yaml']);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(
      "kiln validate: unexpected argument 'config/images.yaml' (usage: kiln validate [--config-dir D])\n",
    );
  });

  it('reports a missing images.yaml as bad input', () => {
    const res = kiln(['validate'], { cwd: makeRepo({}) });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^config file not found: config\/images\.yaml \(.*--config-dir.*\)\n$/);
  });
});

describe('kiln schema', () => {
  it('prints the committed images schema by default, and the others by name', () => {
    expect(kiln(['schema']).stdout).toBe(readFileSync('schema/images.schema.json', 'utf8'));
    const sites = kiln(['schema', 'sites']);
    expect(sites.code).toBe(0);
    expect(sites.stdout).toBe(readFileSync('schema/sites.schema.json', 'utf8'));
  });

  it('rejects an unknown schema name with exit 2', () => {
    const res = kiln(['schema', 'flavors']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("unknown config file 'flavors'");
    expect(res.stderr).not.toMatch(STACK);
  });
});
