// images.yaml `signing`: inherited from defaults and parents, replaced as a whole by a child's own,
// placed at its source position, and not part of any build key (signing changes no image bytes).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { keysIn } from '../support/plan-in.js';
import { BUILTINS, lines, makeRepo } from './repo.js';

const IMAGES = (signing: string[]) =>
  lines(
    'defaults:',
    '  architectures: [amd64]',
    ...signing,
    'images:',
    '  base:',
    '    elements: [debian-minimal]',
    '  child:',
    '    parent: base',
    '    signing: { certificate_file: other.crt, hash_method: SHA-512 }',
    '  grandchild:',
    '    parent: child',
  );
const DEFAULT_SIGNING = [
  '  signing:',
  '    certificate_file: signing/images.crt',
  '    key_file: signing/images.key',
];

describe('images.yaml signing', () => {
  it('inherits defaults.signing, a child replaces it as a whole, SHA-256 by default', async () => {
    const root = makeRepo({ 'config/images.yaml': IMAGES(DEFAULT_SIGNING) });
    const config = await loadConfig({ cwd: root, env: {}, builtinElements: BUILTINS });
    expect(config.images.get('base')!.signing).toMatchObject({
      certificate_file: 'signing/images.crt',
      key_file: 'signing/images.key',
      hash_method: 'SHA-256',
      pos: expect.objectContaining({ line: 4 }),
    });
    expect(config.images.get('child')!.signing).toEqual({
      certificate_file: 'other.crt',
      hash_method: 'SHA-512',
      pos: expect.objectContaining({ line: 11 }),
    });
    expect(config.images.get('grandchild')!.signing).toEqual(config.images.get('child')!.signing);
  });

  it('refuses unknown keys and hash methods Glance does not know, at their position', async () => {
    const root = makeRepo({
      'config/images.yaml': IMAGES(['  signing: { certificate_file: c.crt, hash_method: MD5, key: k }']),
    });
    const err = await loadConfig({ cwd: root, env: {}, builtinElements: BUILTINS }).then(
      () => new Error('loaded'),
      (e: Error) => e,
    );
    expect(err.message).toMatch(/images\.yaml:3:\d+: .*hash_method/);
    expect(err.message).toMatch(/images\.yaml:3:\d+: .*key/);
  });

  it('does not change any build key', async () => {
    const keys = async (signing: string[]) => {
      const root = makeRepo({ 'config/images.yaml': IMAGES(signing) });
      const { keys } = await keysIn(root, { builtinElements: BUILTINS });
      return [...keys].map(([name, k]) => [name, k.keys.get('amd64')]);
    };
    expect(await keys(DEFAULT_SIGNING)).toEqual(await keys([]));
  });
});
