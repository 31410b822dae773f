// validate and plan share one resolution of elements: an element that depends on a virtual name only
// an element outside the image provides fails both the same way (exit 2), and the message names the
// element that provides it. The bundled CLI, as users run it.
import { describe, expect, it } from 'vitest';
import { kiln } from '../support/cli.js';
import { lines, makeRepo } from '../config/repo.js';

const repo = () =>
  makeRepo({
    'config/images.yaml': lines('images:', '  img:', '    elements: [debian-minimal, a]'),
    'elements/a/element-deps': lines('virt-x'),
    'elements/b/element-provides': lines('virt-x'),
    'elements/b/element-deps': lines(),
  });

describe('a virtual dependency only an element outside the image provides', () => {
  it('fails validate and plan alike, naming the element that provides it', () => {
    const dir = repo();
    const validate = kiln(['validate'], { cwd: dir });
    const plan = kiln(['plan'], { cwd: dir });
    expect(validate.code, validate.stdout).toBe(2);
    expect(plan.code).toBe(2);
    const message =
      `elements/a/element-deps:1:1: element 'a' depends on 'virt-x', which only 'b' provides, ` +
      `and the image has none of them (add 'b' to the image's elements)`;
    expect(validate.stderr.trim()).toBe(message);
    expect(plan.stderr.trim()).toBe(message);
  });

  it('passes both once the image has the provider', () => {
    const dir = makeRepo({
      'config/images.yaml': lines('images:', '  img:', '    elements: [debian-minimal, a, b]'),
      'elements/a/element-deps': lines('virt-x'),
      'elements/b/element-provides': lines('virt-x'),
    });
    expect(kiln(['validate'], { cwd: dir }).code).toBe(0);
    expect(kiln(['plan'], { cwd: dir }).code).toBe(0);
  });
});
