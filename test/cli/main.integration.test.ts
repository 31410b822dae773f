import { expect, it } from 'vitest';
import { kiln } from '../support/cli.js';
import { DEV_CLOUD, describeIfInstalled } from '../support/requires.js';

const describe = describeIfInstalled([...DEV_CLOUD]);

describe('kiln CLI adapter', () => {
  it('lists the commands with --help and exits 0', () => {
    const res = kiln(['--help']);
    expect(res.code).toBe(0);
    for (const c of ['validate', 'plan', 'build', 'test', 'publish', 'release', 'sync', 'dev-cloud']) {
      expect(res.stdout).toContain(`  ${c}`);
    }
  });

  it('rejects an unknown command with exit 2', () => {
    const res = kiln(['frobnicate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("unknown command 'frobnicate'");
  });

  it('rejects an unknown flag with exit 2 and the usage, without a stack trace', () => {
    const res = kiln(['plan', '--no-such-flag']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('usage: kiln plan');
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
