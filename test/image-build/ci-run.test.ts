import { describe, expect, it } from 'vitest';
import { ciRunUrl } from '../../src/image-build/ci-run.js';
import { dibEnv } from '../../src/image-build/dib-driver.js';
import { imageConfig } from '../publish/fixtures.js';

describe('the CI run in provenance', () => {
  it("is GitHub Actions' run page when the job's variables are there, else nothing", () => {
    const env = { GITHUB_SERVER_URL: 'https://github.com/', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '42' };
    expect(ciRunUrl(env)).toBe('https://github.com/o/r/actions/runs/42');
    expect(ciRunUrl({ ...env, GITHUB_RUN_ID: '' })).toBeUndefined();
    expect(ciRunUrl({})).toBeUndefined();
  });

  it('reaches DIB as KILN_BUILD_URL (empty outside CI)', () => {
    const input = {
      image: imageConfig('x'),
      arch: 'amd64' as const,
      key: 'k',
      elementsPath: [],
      outputBase: '/o',
      imageCache: '/c',
      artifacts: {},
      gitSha: 'g',
      buildDate: new Date(0),
    };
    expect(dibEnv({ ...input, buildUrl: 'https://x/o/r/actions/runs/1' }, {}).KILN_BUILD_URL).toBe(
      'https://x/o/r/actions/runs/1',
    );
    expect(dibEnv(input, {}).KILN_BUILD_URL).toBe('');
  });
});
