// make_latest by semantic version: a backport or a release candidate never becomes "latest".
import { describe, expect, it } from 'vitest';
import { compareVersions, makeLatest, parseVersion } from '../../src/release/latest-version.js';

const rel = (tag_name: string, over: { draft?: boolean; prerelease?: boolean } = {}) => ({
  tag_name,
  draft: false,
  prerelease: false,
  ...over,
});

describe('make_latest', () => {
  it('orders versions as semantic versioning does, not as strings', () => {
    const sorted = [
      'v1.10.0',
      'v1.9.0',
      '1.0.0-rc.1',
      'v1.0.0',
      'v1.0.0-alpha',
      'v1.0.0-alpha.10',
      'v1.0.0-alpha.2',
    ].sort((a, b) => compareVersions(parseVersion(a)!, parseVersion(b)!));
    expect(sorted).toEqual([
      'v1.0.0-alpha',
      'v1.0.0-alpha.2',
      'v1.0.0-alpha.10',
      '1.0.0-rc.1',
      'v1.0.0',
      'v1.9.0',
      'v1.10.0',
    ]);
    expect(parseVersion('nightly')).toBeUndefined();
    expect(parseVersion('v1.2')).toBeUndefined();
  });

  it('is true only for the highest released version; drafts and pre-releases do not count', () => {
    const releases = [
      rel('v2.0.0'),
      rel('v1.4.2'),
      rel('v9.0.0', { draft: true }),
      rel('v3.0.0-rc.1', { prerelease: true }),
    ];
    expect(makeLatest('v1.4.3', releases)).toBe('false');
    expect(makeLatest('v2.0.0', releases)).toBe('true');
    expect(makeLatest('v2.10.0', releases)).toBe('true');
    expect(makeLatest('v3.0.0-rc.2', releases)).toBe('false');
    expect(makeLatest('images-2024', releases)).toBe('false');
    expect(makeLatest('v1.4.3', releases, 'true')).toBe('true');
    expect(makeLatest('v2.10.0', releases, 'false')).toBe('false');
  });
});
