// kiln publish's own flags: usage errors are bad input (exit 2) with the usage, never a stack trace.
import { describe, expect, it } from 'vitest';
import { kiln } from '../support/cli.js';

describe('kiln publish usage', () => {
  it('needs at least one image', () => {
    const res = kiln(['publish']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('name at least one image');
    expect(res.stderr).toContain('usage: kiln publish IMAGE...');
  });

  it('accepts only all or per-site for --swap', () => {
    const res = kiln(['publish', 'x', '--swap', 'sideways']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("--swap must be all or per-site, not 'sideways'");
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
