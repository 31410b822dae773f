// `kiln release`: merge the results of every job into manifest.json and attach it to the GitHub
// release of the tag (created if absent, else updated).
import { resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { keystoneSession, resolveCloud } from '../../openstack/connect.js';
import { expectedBuilds } from '../../release/expected.js';
import { connectGitHub } from '../../release/github-release.js';
import { baseUrlStore, type ImageStore } from '../../release/image-store.js';
import { swiftStore } from '../../release/object-store.js';
import { release } from '../../release/release.js';
import type { Command, CommandContext } from '../command.js';

async function objectStore(
  siteName: string,
  sites: Awaited<ReturnType<typeof expectedBuilds>>['sites'],
  ctx: CommandContext,
): Promise<ImageStore> {
  const site = sites.get(siteName);
  if (!site)
    throw new InputError(
      `--object-store: no site '${siteName}' in sites.yaml`,
      undefined,
      `sites: ${[...sites.keys()].join(', ')}`,
    );
  if (!site.object_store) {
    throw new InputError(
      `--object-store: site '${siteName}' has no object_store (container, prefix) in sites.yaml`,
      site.pos,
    );
  }
  const label = `site ${site.name} (cloud ${site.cloud})`;
  const session = keystoneSession(
    resolveCloud({ cloud: site.cloud, env: ctx.env, cwd: ctx.cwd }),
    label,
    ctx.logger,
  );
  return swiftStore({ session, ...site.object_store, logger: ctx.logger, label });
}

export const releaseCommand: Command = {
  name: 'release',
  summary: 'merge build/publish results into manifest.json and attach it to the GitHub release',
  usage:
    'kiln release --tag T --results DIR [--repo OWNER/NAME] [--allow-incomplete] [--config-dir D] [--output FILE] [--base-url URL | --object-store SITE] [--manifest-only]',
  options: {
    tag: { type: 'string' },
    results: { type: 'string' },
    repo: { type: 'string' },
    'allow-incomplete': { type: 'boolean', default: false },
    'config-dir': { type: 'string' },
    output: { type: 'string', default: 'manifest.json' },
    'base-url': { type: 'string' },
    'object-store': { type: 'string' },
    'manifest-only': { type: 'boolean', default: false },
  },
  async run(values, _positionals, ctx) {
    const tag = values.tag as string | undefined;
    const results = values.results as string | undefined;
    if (!tag || !results)
      throw new InputError(
        'kiln release: --tag and --results are required',
        undefined,
        `usage: ${this.usage}`,
      );
    if (values['base-url'] && values['object-store']) {
      throw new InputError('kiln release: give --base-url or --object-store, not both');
    }
    const baseUrl = values['base-url'] as string | undefined;
    if (baseUrl && !/^https?:\/\/\S+$/.test(baseUrl))
      throw new InputError(`kiln release: --base-url '${baseUrl}' is not an http(s) URL`);
    // Everything that can be bad input is checked before anything is uploaded.
    const github = values['manifest-only']
      ? undefined
      : connectGitHub(ctx.env, values.repo as string | undefined, ctx.logger);
    const { builds, sites } = await expectedBuilds({
      cwd: ctx.cwd,
      env: ctx.env,
      configDir: values['config-dir'] as string | undefined,
      logger: ctx.logger,
    });
    const site = values['object-store'] as string | undefined;
    const store = site ? await objectStore(site, sites, ctx) : baseUrl ? baseUrlStore(baseUrl) : undefined;
    const output = resolve(ctx.cwd, values.output as string);
    const out = await release({
      tag,
      resultsDir: resolve(ctx.cwd, results),
      output,
      allowIncomplete: values['allow-incomplete'] as boolean,
      expected: builds,
      store,
      github,
      logger: ctx.logger,
    });
    ctx.stdout(
      JSON.stringify(
        {
          manifest: output,
          images: Object.keys(out.manifest),
          missing: out.missing.map((m) => m.name),
          release: out.release ? { url: out.release.url, created: out.release.created } : null,
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  },
};
