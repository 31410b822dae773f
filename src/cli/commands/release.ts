// `kiln release`: merge the results of every job into manifest.json and attach it to the GitHub
// release of the tag (created if absent, else updated). `--upload-only` is the build job's share of a
// release: its image files into the site's object store, nothing else.
import { resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { expectedBuilds } from '../../release/expected.js';
import { connectGitHub } from '../../release/github-release.js';
import { baseUrlStore } from '../../release/image-store.js';
import { release, uploadImages } from '../../release/release.js';
import { siteObjectStore } from '../../release/site-object-store.js';
import { loadProject } from '../../wiring.js';
import { gitHead } from '../../image-build/make-record.js';
import { run } from '../../exec.js';
import { MAKE_LATEST_CHOICES, type MakeLatestChoice } from '../../release/latest-version.js';
import type { Command } from '../command.js';

async function releasedCommit(env: NodeJS.ProcessEnv, cwd: string): Promise<string | undefined> {
  if (env.GITHUB_SHA) return env.GITHUB_SHA;
  const head = await gitHead(run, cwd);
  return head === 'unknown' ? undefined : head;
}

export const releaseCommand: Command = {
  name: 'release',
  summary: 'merge build/publish results into manifest.json and attach it to the GitHub release',
  usage:
    'kiln release --tag T --results DIR [--repo OWNER/NAME] [--allow-incomplete] [--config-dir D] [--output FILE] [--base-url URL | --object-store SITE] [--manifest-only] [--upload-only] [--make-latest auto|true|false]',
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
    'upload-only': { type: 'boolean', default: false },
    'make-latest': { type: 'string', default: 'auto' },
  },
  flags: {
    tag: ['T', 'the git tag to release'],
    results: ['DIR', 'the build records and publish results of every job (any depth)'],
    repo: ['OWNER/NAME', 'the GitHub repository (default $GITHUB_REPOSITORY)'],
    'allow-incomplete': ['', 'release what is there when planned builds have no result (warns)'],
    'config-dir': ['D', 'folder of images.yaml, sites.yaml, third-party.yaml (default config/)'],
    output: ['FILE', 'where to write the manifest (default manifest.json)'],
    'base-url': ['URL', 'the image files are served as URL/<build name>.<format>'],
    'object-store': ['SITE', "upload the image files to this site's object store (Swift)"],
    'manifest-only': ['', 'write the manifest without contacting GitHub'],
    'upload-only': ['', "only upload this job's image files (with --object-store and --results)"],
    'make-latest': ['auto|true|false', "mark the release GitHub's latest (auto: only the highest version)"],
  },
  async run(values, _positionals, ctx) {
    const tag = values.tag as string | undefined;
    const results = values.results as string | undefined;
    const site = values['object-store'] as string | undefined;
    const configDir = values['config-dir'] as string | undefined;
    if (values['upload-only']) {
      if (!site || !results)
        throw new InputError(
          'kiln release --upload-only: --object-store and --results are required',
          undefined,
          'usage: kiln release --upload-only --object-store SITE --results DIR',
        );
      const project = await loadProject({ cwd: ctx.cwd, env: ctx.env, configDir });
      const builds = await expectedBuilds(project);
      const store = await siteObjectStore(site, project.config.sites, { ...ctx, flag: '--object-store' });
      const out = await uploadImages({
        resultsDir: resolve(ctx.cwd, results),
        expected: builds,
        store,
        logger: ctx.logger,
      });
      ctx.stdout(JSON.stringify(out, null, 2) + '\n');
      return 0;
    }
    if (!tag || !results)
      throw new InputError(
        'kiln release: --tag and --results are required',
        undefined,
        `usage: ${this.usage}`,
      );
    if (values['base-url'] && values['object-store']) {
      throw new InputError('kiln release: give --base-url or --object-store, not both');
    }
    const latest = values['make-latest'] as string;
    if (!(MAKE_LATEST_CHOICES as readonly string[]).includes(latest))
      throw new InputError(
        `kiln release: --make-latest '${latest}' is not one of ${MAKE_LATEST_CHOICES.join(', ')}`,
      );
    const baseUrl = values['base-url'] as string | undefined;
    if (baseUrl && !/^https?:\/\/\S+$/.test(baseUrl))
      throw new InputError(`kiln release: --base-url '${baseUrl}' is not an http(s) URL`);
    // Everything that can be bad input is checked before anything is uploaded.
    const github = values['manifest-only']
      ? undefined
      : connectGitHub(ctx.env, values.repo as string | undefined, ctx.logger, ctx.signal);
    const project = await loadProject({ cwd: ctx.cwd, env: ctx.env, configDir });
    const builds = await expectedBuilds(project);
    const store = site
      ? await siteObjectStore(site, project.config.sites, { ...ctx, flag: '--object-store' })
      : baseUrl
        ? baseUrlStore(baseUrl)
        : undefined;
    const output = resolve(ctx.cwd, values.output as string);
    const out = await release({
      tag,
      resultsDir: resolve(ctx.cwd, results),
      output,
      allowIncomplete: values['allow-incomplete'] as boolean,
      expected: builds,
      store,
      github,
      // The commit released: the workflow's in Actions, else the work tree's.
      commit: github ? await releasedCommit(ctx.env, ctx.cwd) : undefined,
      makeLatest: latest as MakeLatestChoice,
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
