// The composition root (src/wiring.ts): what the CLI and the action give each stage.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { siteLabel } from '../src/openstack/connect.js';
import { SIGNING_KEY_ENV } from '../src/signing/signing-key.js';
import { buildDeps, invocation, loadProject, planDeps, publishDeps, testDeps } from '../src/wiring.js';
import { scratch, writeRepo } from './plan/fixture.js';

const repo = writeRepo(scratch('wiring'));
const inv = (env: NodeJS.ProcessEnv = {}) =>
  invocation({ cwd: repo, env, logger: silentLogger, signal: new AbortController().signal });

describe('wiring', () => {
  it('names a site with its cloud', () => {
    expect(siteLabel({ name: 'kvm', cloud: 'site-a' })).toBe('site kvm (cloud site-a)');
  });

  it('gives plan, build and test the one configuration the adapter loaded', async () => {
    const project = await loadProject({ cwd: repo, env: {}, builtinElements: null });
    expect(project.config.images.has('base-os')).toBe(true);
    expect(project.source.tree.root).toBe(repo);
    const run = inv();
    expect(planDeps(run, project).config).toBe(project.config);
    expect((await buildDeps(run, project)).config).toBe(project.config);
    expect(testDeps(run, project.config).config).toBe(project.config);
  });

  it("shows the signing key to publish alone, and keeps converted files in kiln's cache", async () => {
    const env = { KILN_CACHE_DIR: 'cache-here' };
    const run = inv(env);
    const { config } = await loadProject({ cwd: repo, env, builtinElements: null });
    const plain = await publishDeps(run, config, { print: () => {} });
    expect(plain.env?.[SIGNING_KEY_ENV]).toBeUndefined();
    expect(plain.cacheDir).toBe(join(repo, 'cache-here'));
    const signed = await publishDeps(run, config, { print: () => {}, signingKey: 'PEM', cacheDir: '/c' });
    expect(signed.env?.[SIGNING_KEY_ENV]).toBe('PEM');
    expect(signed.cacheDir).toBe('/c');
    expect(run.env[SIGNING_KEY_ENV]).toBeUndefined();
  });
});
