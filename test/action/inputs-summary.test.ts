// The action's input parsing (lists, booleans, paths, runner labels) and the job summary renderer.
import { describe, expect, it } from 'vitest';
import { coreEnv } from '../../src/action/core-env.js';
import { listInput, readInputs } from '../../src/action/inputs.js';
import { graphStatuses, humanDuration, renderSummary } from '../../src/action/summary.js';
import { humanSize } from '../../src/human-size.js';
import { InputError } from '../../src/errors.js';

const read = (inputs: Record<string, string>) =>
  readInputs((name) => inputs[name] ?? '', '/ws', '/home/runner');

describe('action inputs', () => {
  it('splits lists on spaces, commas and newlines', () => {
    expect(listInput('a, b\nc  d,,')).toEqual(['a', 'b', 'c', 'd']);
    expect(listInput('  ')).toEqual([]);
  });

  it('resolves paths against the workspace and the config dir against the root', () => {
    const i = read({
      command: 'plan',
      'working-directory': 'images',
      'config-dir': 'conf',
      'results-dir': '/abs',
    });
    expect(i.root).toBe('/ws/images');
    expect(i.configDir).toBe('/ws/images/conf');
    expect(i.resultsDir).toBe('/abs');
    expect(i.cacheDir).toBe('/home/runner/.cache/kiln');
    expect(read({ command: 'plan' }).configDir).toBeUndefined();
  });

  it('reads booleans the YAML way and rejects anything else', () => {
    expect(read({ command: 'build', force: 'True', cache: 'false' })).toMatchObject({
      force: true,
      cache: false,
    });
    expect(read({ command: 'build' })).toMatchObject({ force: false, cache: true, setupTools: true });
    expect(() => read({ command: 'build', force: 'yes' })).toThrow(
      /input 'force' must be true or false, got 'yes'/,
    );
  });

  it('checks the command, threads and runner labels', () => {
    expect(() => read({})).toThrow(InputError);
    expect(() => read({ command: 'deploy' })).toThrow(/unknown command 'deploy'/);
    expect(() => read({ command: 'build', threads: '0' })).toThrow(/positive integer/);
    expect(read({ command: 'plan', runners: '{"arm64": ["a", "b"]}' }).runnerLabels).toEqual({
      arm64: ['a', 'b'],
    });
    expect(() => read({ command: 'plan', runners: '["x"]' })).toThrow(/JSON object/);
    expect(() => read({ command: 'plan', runners: '{"amd64": "x"}' })).toThrow(/JSON object/);
  });

  it('keeps the clouds.yaml secret byte for byte', () => {
    expect(read({ command: 'publish', 'clouds-yaml': 'clouds:\n  a: {}\n' }).cloudsYaml).toBe(
      'clouds:\n  a: {}\n',
    );
  });

  it('reads the signing key (a PEM secret), absent when empty', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----';
    expect(read({ command: 'publish', 'signing-key': `${pem}\n` }).signingKey).toBe(pem);
    expect(read({ command: 'publish' }).signingKey).toBeUndefined();
  });
});

describe('the environment builders get', () => {
  it('holds no input (secrets included) and no runner token', () => {
    const env = coreEnv({
      PATH: '/bin',
      'INPUT_CLOUDS-YAML': 'clouds: {a: {auth: {password: x}}}',
      'INPUT_GITHUB-TOKEN': 'ghs_x',
      ACTIONS_RUNTIME_TOKEN: 't',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
      ACTIONS_RESULTS_URL: 'http://cache',
      KILN_CACHE_DIR: '/c',
    });
    expect(env).toEqual({ PATH: '/bin', ACTIONS_RESULTS_URL: 'http://cache', KILN_CACHE_DIR: '/c' });
  });
});

describe('job summary', () => {
  it('renders one row per image x arch with short key, size, duration and Glance IDs', () => {
    const md = renderSummary({
      title: 'kiln publish',
      rows: [
        {
          name: 'debian-12',
          arch: 'amd64',
          key: 'a'.repeat(64),
          status: 'published',
          size: 3 * 1024 * 1024 * 1024,
          durationS: 3725,
          sites: { kvm: 'id-1', metal: undefined },
        },
        { name: 'odd|name', arch: 'arm64', status: 'failed', detail: 'HTTP 500\nfrom Glance' },
      ],
      graph: 'graph TD\n  n0["debian-12"]:::built\n',
    });
    expect(md).toContain(
      '| `debian-12` | amd64 | `aaaaaaaaaaaa` | 🚀 published | 3.0 GiB | 1h 2m | kvm, metal | kvm: `id-1` |',
    );
    expect(md).toContain('| `odd\\|name` | arm64 |  | ❌ failed (HTTP 500 from Glance) |');
    expect(md).toContain('```mermaid\ngraph TD\n  n0["debian-12"]:::built\n```');
  });

  it('formats sizes and durations for people', () => {
    expect(humanSize(512)).toBe('512 B');
    expect(humanSize(1536)).toBe('1.5 KiB');
    expect(humanDuration(42)).toBe('42s');
    expect(humanDuration(125)).toBe('2m 5s');
  });

  it('colours an image by the worst of its architectures', () => {
    const s = graphStatuses([
      { name: 'a', arch: 'amd64', status: 'built' },
      { name: 'a', arch: 'arm64', status: 'failed' },
      { name: 'b', arch: 'amd64', status: 'unchanged' },
      { name: 'c', arch: 'amd64', status: 'parent-failed' },
      { name: 'd', arch: 'amd64', status: 'published' },
    ]);
    expect(Object.fromEntries(s)).toEqual({ a: 'failed', b: 'unchanged', c: 'skipped', d: 'built' });
  });
});
