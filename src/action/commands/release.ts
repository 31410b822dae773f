// The action's `release`: every job's results (downloaded workflow artifacts) -> manifest.json -> the
// GitHub release of the tag. The token comes from the `github-token` input (masked). With
// `upload-only`, a build job's share instead: its image files into the object store, nothing else.
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { expectedBuilds } from '../../release/expected.js';
import { connectGitHub } from '../../release/github-release.js';
import { baseUrlStore } from '../../release/image-store.js';
import { release, uploadImages } from '../../release/release.js';
import { siteObjectStore } from '../../release/site-object-store.js';
import { loadProject } from '../../wiring.js';
import { Input, Output } from '../constants.js';
import type { ActionCommand } from '../context.js';
import { resultRows } from '../result-rows.js';

export const releaseAction: ActionCommand = async ({ inputs, logger, env, signal }) => {
  if (inputs.baseUrl && inputs.objectStore) {
    throw new InputError(`give input '${Input.BaseUrl}' or '${Input.ObjectStore}', not both`);
  }
  if (inputs.uploadOnly && !inputs.objectStore) {
    throw new InputError(`input '${Input.UploadOnly}' needs input '${Input.ObjectStore}' (a site)`);
  }
  // A workflow run for a tag push names the tag in GITHUB_REF_NAME.
  const tag = inputs.tag ?? (env.GITHUB_REF_TYPE === 'tag' ? env.GITHUB_REF_NAME : undefined);
  if (!tag && !inputs.uploadOnly)
    throw new InputError(`input '${Input.Tag}' is required for release outside a tag push`);
  if (inputs.baseUrl && !/^https?:\/\/\S+$/.test(inputs.baseUrl)) {
    throw new InputError(`input '${Input.BaseUrl}': '${inputs.baseUrl}' is not an http(s) URL`);
  }
  const github = inputs.uploadOnly
    ? undefined
    : connectGitHub(
        { ...env, GITHUB_TOKEN: inputs.githubToken ?? env.GITHUB_TOKEN },
        inputs.repository,
        logger,
        signal,
      );
  const project = await loadProject({ cwd: inputs.root, env, configDir: inputs.configDir });
  const builds = await expectedBuilds(project);
  const store = inputs.objectStore
    ? await siteObjectStore(inputs.objectStore, project.config.sites, {
        env,
        cwd: inputs.root,
        logger,
        flag: `input '${Input.ObjectStore}'`,
        signal,
      })
    : inputs.baseUrl
      ? baseUrlStore(inputs.baseUrl)
      : undefined;

  if (inputs.uploadOnly) {
    const out = await uploadImages({
      resultsDir: inputs.resultsDir,
      expected: builds,
      store: store!,
      logger,
    });
    const rows = await resultRows(inputs.resultsDir, [], 'uploaded');
    return {
      outputs: { [Output.Uploaded]: JSON.stringify(out.uploaded), [Output.ResultsDir]: inputs.resultsDir },
      summary: {
        title: `kiln release: image files to ${inputs.objectStore}'s object store`,
        notes: out.uploaded.map((u) => `- \`${u.name}\`: ${u.url}`),
        rows,
      },
    };
  }

  const output = join(inputs.resultsDir, 'manifest.json');
  const out = await release({
    tag: tag!,
    resultsDir: inputs.resultsDir,
    output,
    expected: builds,
    store,
    github,
    // The workflow's commit: on a tag push, the tagged commit the builds came from.
    commit: env.GITHUB_SHA,
    makeLatest: inputs.makeLatest,
    logger,
  });
  const rows = await resultRows(inputs.resultsDir, [], 'released');
  return {
    outputs: {
      [Output.Manifest]: output,
      [Output.ReleaseUrl]: out.release?.url ?? '',
      [Output.ResultsDir]: inputs.resultsDir,
    },
    summary: {
      title: `kiln release ${tag}`,
      notes: [
        out.release
          ? `Release: ${out.release.url} (${Object.keys(out.manifest).length} builds in manifest.json)`
          : '',
        ...out.missing.map((m) => `- missing from this release: \`${m.name}\``),
      ].filter(Boolean),
      rows,
    },
  };
};
