// Finding and reading clouds.yaml / secure.yaml / OS_* the way OpenStack tools do; bad files are
// bad input with file:line:col.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadCloud, type CloudLookup } from '../../src/openstack/clouds-config.js';

let root: string;
let cwd: string;
let home: string;
let etc: string;

beforeEach(() => {
  root = mkdtempSync(join(process.env.KILN_TEST_RUN_DIR!, 'clouds-'));
  cwd = join(root, 'work');
  home = join(root, 'home');
  etc = join(root, 'etc');
  for (const d of [cwd, join(home, '.config/openstack'), etc]) mkdirSync(d, { recursive: true });
});

const lookup = (extra: Partial<CloudLookup> = {}): CloudLookup => ({
  env: {},
  cwd,
  home,
  etcDir: etc,
  ...extra,
});

function cloudsFile(dir: string, cloud: string, user: string, file = 'clouds.yaml'): string {
  const path = join(dir, file);
  writeFileSync(
    path,
    `clouds:\n  ${cloud}:\n    auth:\n      auth_url: https://keystone.example/v3\n      username: ${user}\n      password: pw-${user}\n      project_name: images\n    region_name: RegionOne\n`,
  );
  return path;
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('clouds.yaml search path', () => {
  it('prefers OS_CLIENT_CONFIG_FILE, then the current directory, then ~/.config/openstack, then /etc/openstack', () => {
    cloudsFile(etc, 'c', 'from-etc');
    expect(loadCloud(lookup({ name: 'c' })).auth.username).toBe('from-etc');
    cloudsFile(join(home, '.config/openstack'), 'c', 'from-home');
    expect(loadCloud(lookup({ name: 'c' })).auth.username).toBe('from-home');
    cloudsFile(cwd, 'c', 'from-cwd');
    expect(loadCloud(lookup({ name: 'c' })).auth.username).toBe('from-cwd');
    const explicit = cloudsFile(root, 'c', 'from-variable', 'mine.yaml');
    const cloud = loadCloud(lookup({ name: 'c', env: { OS_CLIENT_CONFIG_FILE: explicit } }));
    expect(cloud.auth.username).toBe('from-variable');
    expect(cloud.source).toBe(explicit);
  });

  it('takes the cloud name from OS_CLOUD', () => {
    cloudsFile(cwd, 'site-a', 'alice');
    const cloud = loadCloud(lookup({ env: { OS_CLOUD: 'site-a' } }));
    expect(cloud).toMatchObject({
      name: 'site-a',
      authType: 'password',
      regionName: 'RegionOne',
      interface: 'public',
      verify: true,
    });
    expect(cloud.auth).toMatchObject({
      auth_url: 'https://keystone.example/v3',
      password: 'pw-alice',
      project_name: 'images',
    });
  });

  it('merges secure.yaml over clouds.yaml', () => {
    writeFileSync(
      join(cwd, 'clouds.yaml'),
      'clouds:\n  s:\n    auth:\n      auth_url: https://k/v3\n      username: bob\n      project_name: p\n',
    );
    writeFileSync(
      join(home, '.config/openstack/secure.yaml'),
      'clouds:\n  s:\n    auth:\n      password: from-secure\n',
    );
    expect(loadCloud(lookup({ name: 's' })).auth.password).toBe('from-secure');
  });

  it('reads application credentials, interface, cacert and verify', () => {
    writeFileSync(join(cwd, 'ca.pem'), 'not checked here');
    writeFileSync(
      join(cwd, 'clouds.yaml'),
      [
        'clouds:',
        '  ac:',
        '    auth_type: v3applicationcredential',
        '    auth:',
        '      auth_url: https://k:5000',
        '      application_credential_id: abc',
        '      application_credential_secret: s3cret',
        '    interface: internalURL',
        '    cacert: ca.pem',
        '    verify: false',
        '    regions: [East]',
        '',
      ].join('\n'),
    );
    const cloud = loadCloud(lookup({ name: 'ac' }));
    expect(cloud).toMatchObject({
      authType: 'v3applicationcredential',
      interface: 'internal',
      cacert: join(cwd, 'ca.pem'),
      verify: false,
      regionName: 'East',
    });
  });
});

describe('OS_* variables', () => {
  it('make a cloud when no name is given', () => {
    const cloud = loadCloud(
      lookup({
        env: {
          OS_AUTH_URL: 'https://k/v3',
          OS_USERNAME: 'u',
          OS_PASSWORD: 'p',
          OS_PROJECT_NAME: 'proj',
          OS_USER_DOMAIN_NAME: 'Users',
          OS_REGION_NAME: 'R2',
          OS_INTERFACE: 'admin',
          OS_INSECURE: 'true',
        },
      }),
    );
    expect(cloud).toMatchObject({
      authType: 'password',
      regionName: 'R2',
      interface: 'admin',
      verify: false,
    });
    expect(cloud.auth).toMatchObject({
      username: 'u',
      password: 'p',
      project_name: 'proj',
      user_domain_name: 'Users',
    });
  });

  it('accept an application credential', () => {
    const cloud = loadCloud(
      lookup({
        env: {
          OS_AUTH_URL: 'https://k',
          OS_APPLICATION_CREDENTIAL_ID: 'id1',
          OS_APPLICATION_CREDENTIAL_SECRET: 's',
        },
      }),
    );
    expect(cloud.authType).toBe('v3applicationcredential');
  });

  it('name what is missing', () => {
    const err = inputError(() => loadCloud(lookup({ env: { OS_AUTH_URL: 'https://k', OS_USERNAME: 'u' } })));
    expect(err.format()).toContain('OS_PASSWORD is missing');
  });
});

describe('bad clouds.yaml is bad input', () => {
  it('an unknown cloud points at clouds: and lists the known ones', () => {
    const path = cloudsFile(cwd, 'site-a', 'alice');
    const err = inputError(() => loadCloud(lookup({ name: 'site-b' })));
    expect(err.format()).toBe(`${path}:2:3: unknown cloud 'site-b' (clouds.yaml defines site-a)`);
  });

  it('malformed YAML gives the line and column', () => {
    const path = join(cwd, 'clouds.yaml');
    writeFileSync(path, 'clouds:\n  a:\n    auth: {auth_url: x\n');
    const err = inputError(() => loadCloud(lookup({ name: 'a' })));
    expect(err.format()).toMatch(new RegExp(`^${path}:\\d+:\\d+: malformed YAML`));
  });

  it('a repeated key is malformed YAML, at the repeat', () => {
    const path = join(cwd, 'clouds.yaml');
    writeFileSync(path, 'clouds:\n  a:\n    region_name: x\n    region_name: y\n');
    expect(inputError(() => loadCloud(lookup({ name: 'a' }))).format()).toBe(
      `${path}:4:5: malformed YAML: duplicate key 'region_name': each key may appear only once in a mapping`,
    );
  });

  it('a file without clouds: is refused', () => {
    const path = join(cwd, 'clouds.yaml');
    writeFileSync(path, '# nothing\nother: 1\n');
    expect(inputError(() => loadCloud(lookup({ name: 'a' }))).format()).toBe(
      `${path}:2:1: expected a top-level mapping "clouds:"`,
    );
  });

  it('a missing password points at the cloud entry', () => {
    const path = join(cwd, 'clouds.yaml');
    writeFileSync(
      path,
      'clouds:\n  a:\n    auth:\n      auth_url: https://k\n      username: u\n      project_name: p\n',
    );
    expect(inputError(() => loadCloud(lookup({ name: 'a' }))).format()).toBe(
      `${path}:3:5: cloud 'a': auth.password is missing (in clouds.yaml or secure.yaml)`,
    );
  });

  it('an unsupported auth_type, a non-boolean verify and a missing cacert point at their values', () => {
    const path = join(cwd, 'clouds.yaml');
    const base =
      'clouds:\n  a:\n    auth:\n      auth_url: https://k\n      username: u\n      password: p\n      project_name: p\n';
    writeFileSync(path, `${base}    auth_type: token\n`);
    expect(inputError(() => loadCloud(lookup({ name: 'a' }))).format()).toMatch(
      new RegExp(`^${path}:8:16: unsupported auth_type 'token'`),
    );
    writeFileSync(path, `${base}    verify: maybe\n`);
    expect(inputError(() => loadCloud(lookup({ name: 'a' }))).format()).toBe(
      `${path}:8:13: verify must be true or false`,
    );
    writeFileSync(path, `${base}    cacert: /nonexistent/ca.pem\n`);
    expect(inputError(() => loadCloud(lookup({ name: 'a' }))).format()).toBe(
      `${path}:8:13: cacert /nonexistent/ca.pem: no such file`,
    );
  });

  it('no clouds.yaml anywhere names the folders searched', () => {
    const err = inputError(() => loadCloud(lookup({ name: 'x' })));
    expect(err.message).toBe(
      `cloud 'x' not found: no clouds.yaml in ${cwd}, ${home}/.config/openstack, ${etc}`,
    );
  });

  it('OS_CLIENT_CONFIG_FILE naming a missing file is refused', () => {
    const err = inputError(() =>
      loadCloud(lookup({ name: 'x', env: { OS_CLIENT_CONFIG_FILE: 'nope.yaml' } })),
    );
    expect(err.message).toBe('OS_CLIENT_CONFIG_FILE=nope.yaml: no such file');
  });

  it('no cloud and no OS_AUTH_URL says how to choose one', () => {
    expect(inputError(() => loadCloud(lookup())).message).toBe('no cloud selected');
  });
});

describe('clouds.yaml anchors and merge keys', () => {
  it('reads merged settings, the entry its own keys winning, and points at merged lines', () => {
    writeFileSync(
      join(cwd, 'clouds.yaml'),
      [
        'x-chameleon: &chameleon', // 1
        '  auth: &auth', // 2
        '    auth_url: https://chi.tacc.chameleoncloud.org:5000/v3', // 3
        '    username: cc', // 4
        '    password: pw', // 5
        '    project_name: CHI-000000', // 6
        '  region_name: CHI@TACC', // 7
        '  interface: public', // 8
        '  auth_type: token', // 9
        'clouds:', // 10
        '  tacc:', // 11
        '    <<: *chameleon', // 12
        '    auth_type: password', // 13
        '  uc:', // 14
        '    <<: *chameleon', // 15
        '    region_name: CHI@UC', // 16
        '',
      ].join('\n'),
    );
    const tacc = loadCloud(lookup({ name: 'tacc' }));
    expect(tacc.auth).toMatchObject({ username: 'cc', project_name: 'CHI-000000' });
    expect(tacc.regionName).toBe('CHI@TACC');
    // The merged auth_type: token is not supported: the error is at the line it came from.
    const err = inputError(() => loadCloud(lookup({ name: 'uc' })));
    expect(err.format()).toMatch(/clouds\.yaml:9:14: unsupported auth_type 'token'/);
  });
});
