// The runner protocol written without @actions/core: escaping as the runner unescapes it, outputs as
// heredocs that survive multi-line values, and the clouds.yaml secret handling.
import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { secretValues, writeCloudsYaml } from '../../src/action/clouds-secret.js';
import { issueCommand, setOutput } from '../../src/action/workflow-commands.js';
import { InputError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { parseOutputFile } from './run-action.js';

const scratch = () => mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'wc-'));

describe('workflow commands', () => {
  afterEach(() => vi.restoreAllMocks());

  it('escapes data and properties the way the runner decodes them', () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => !!written.push(String(s)));
    issueCommand('error', '100% broken\nsecond line', { file: 'a:b,c.yaml', line: 3, col: undefined });
    expect(written[0]).toBe('::error file=a%3Ab%2Cc.yaml,line=3::100%25 broken%0Asecond line\n');
  });

  it('writes outputs that keep multi-line values intact', () => {
    const file = join(scratch(), 'out');
    writeFileSync(file, '');
    vi.stubEnv('GITHUB_OUTPUT', file);
    setOutput('matrix', '{"include":[]}');
    setOutput('notes', 'line 1\nline 2\nghadelimiter_fake');
    expect(parseOutputFile(readFileSync(file, 'utf8'))).toEqual({
      matrix: '{"include":[]}',
      notes: 'line 1\nline 2\nghadelimiter_fake',
    });
    vi.unstubAllEnvs();
  });
});

describe('clouds.yaml secret', () => {
  const CLOUDS = `clouds:
  site-a:
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: kiln
      password: "s3cret-pass"
      project_name: images
    region_name: RegionOne
  site-b:
    auth_type: v3applicationcredential
    auth:
      application_credential_id: abcd1234
      application_credential_secret: app-cred-secret
`;

  it('finds every secret value at any depth, and only those', () => {
    const values = secretValues({
      clouds: { a: { auth: { password: 'p4ss', username: 'u' }, token: 't0ken' } },
    });
    expect(values.sort()).toEqual(['p4ss', 't0ken']);
  });

  it('masks the secrets, writes the file 0600 in a 0700 folder and removes it', async () => {
    const masked: string[] = [];
    const clouds = await writeCloudsYaml(CLOUDS, scratch(), {
      ...silentLogger,
      secret: (v) => void masked.push(v),
    });
    expect(masked.sort()).toEqual(['app-cred-secret', 'abcd1234', 's3cret-pass'].sort());
    expect(readFileSync(clouds.path, 'utf8')).toBe(CLOUDS);
    expect(statSync(clouds.path).mode & 0o777).toBe(0o600);
    expect(statSync(join(clouds.path, '..')).mode & 0o777).toBe(0o700);
    await clouds.remove();
    expect(existsSync(clouds.path)).toBe(false);
  });

  it('reports broken YAML by position without quoting the secret', async () => {
    const err = await writeCloudsYaml('clouds:\n  a: {password: "hunter22\n', scratch(), silentLogger).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/clouds-yaml' is not valid YAML \(line \d+, column \d+\)/);
    expect((err as Error).message).not.toContain('hunter22');
    const none = await writeCloudsYaml('just: text\n', scratch(), silentLogger).catch((e) => e);
    expect((none as Error).message).toContain("no 'clouds:' mapping");
  });
});
