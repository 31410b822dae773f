// No program kiln runs (qemu-img, DIB, packer, ...) inherits KILN_SIGNING_KEY: checked with coreutils'
// `env`, which prints the environment it was given.
import { describe, expect, it } from 'vitest';
import { run } from '../../src/exec.js';
import { SIGNING_KEY_ENV } from '../../src/signing/signing-key.js';

describe('the runner', () => {
  it('drops the signing key from the environment of every program, explicit or inherited', async () => {
    const explicit = await run('env', [], {
      env: { PATH: process.env.PATH, [SIGNING_KEY_ENV]: 'planted-key', KEEP: 'yes' },
    });
    expect(explicit.stdout).toContain('KEEP=yes');
    expect(explicit.stdout).not.toContain('planted-key');
    process.env[SIGNING_KEY_ENV] = 'planted-key-2';
    try {
      const inherited = await run('env', []);
      expect(inherited.stdout).toContain('PATH=');
      expect(inherited.stdout).not.toContain('planted-key-2');
    } finally {
      delete process.env[SIGNING_KEY_ENV];
    }
  });
});
