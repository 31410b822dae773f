// The action's `publish`: the core publish protocol over the clouds.yaml secret, then one row per
// image x arch with the Glance ID on each site. A failure part-way still reports what was published.
import { cacheDir } from '../../config/cache-dir.js';
import { loadConfig } from '../../config/load.js';
import { describeError, inputErrorsOf, InputError } from '../../errors.js';
import { connectGlance, connectKeyManager } from '../../openstack/connect.js';
import { publish } from '../../publish/publish.js';
import { SIGNING_KEY_ENV } from '../../signing/signing-key.js';
import type { PublishResult } from '../../publish/result-file.js';
import { Input, Output } from '../constants.js';
import type { ActionCommand } from '../context.js';
import { resultRows } from '../result-rows.js';
import { statusGraph } from '../summary.js';

export const publishAction: ActionCommand = async ({ inputs, logger, env, runner, signal }) => {
  if (inputs.images.length === 0) {
    throw new InputError(
      `input '${Input.Images}' is required for publish`,
      undefined,
      "pass the matrix entry's images",
    );
  }
  if (!env.OS_CLIENT_CONFIG_FILE && !inputs.dryRun) {
    logger.warn(`no '${Input.CloudsYaml}' input: looking for clouds.yaml in the usual places`);
  }
  const config = await loadConfig({ cwd: inputs.root, env, configDir: inputs.configDir });
  let results: PublishResult[] = [];
  let failure: string | undefined;
  try {
    results = await publish(
      {
        images: inputs.images,
        sites: inputs.sites,
        from: inputs.resultsDir,
        dryRun: inputs.dryRun,
        swap: 'all',
      },
      {
        config,
        connect: (site) =>
          connectGlance({
            cloud: site.cloud,
            label: `site ${site.name} (cloud ${site.cloud})`,
            env,
            cwd: inputs.root,
            logger,
            signal,
          }),
        keyManager: (site) =>
          connectKeyManager({
            cloud: site.cloud,
            label: `site ${site.name} (cloud ${site.cloud})`,
            env,
            cwd: inputs.root,
            logger,
          }),
        // Only publish sees the key: never the environment of builds or other programs.
        env: inputs.signingKey ? { ...env, [SIGNING_KEY_ENV]: inputs.signingKey } : env,
        runner,
        logger,
        cacheDir: cacheDir({ ...env, KILN_CACHE_DIR: inputs.cacheDir }, config.root),
        now: () => new Date(),
        print: (line) => logger.info(line),
        signal,
      },
    );
  } catch (err) {
    // Bad input changed nothing: fail as bad input. A failure of the world is reported with the rest.
    if (inputErrorsOf(err)) throw err;
    failure = describeError(err);
  }

  const status = (name: string, arch: string) => {
    const mine = results.filter((r) => r.name === name && r.arch === arch);
    if (mine.length === 0) return inputs.dryRun ? 'planned' : 'failed';
    return mine.some((r) => r.status === 'published') ? 'published' : 'unchanged';
  };
  const rows = (await resultRows(inputs.resultsDir, inputs.images, '')).map((r) => ({
    ...r,
    status: status(r.name, r.arch),
  }));
  return {
    outputs: {
      [Output.Published]: JSON.stringify(
        results.map((r) => ({
          name: r.name,
          arch: r.arch,
          site: r.site,
          image_id: r.image_id,
          image_name: r.image_name,
          status: r.status,
        })),
      ),
      [Output.ResultsDir]: inputs.resultsDir,
    },
    summary: {
      title: inputs.dryRun ? 'kiln publish (dry run)' : 'kiln publish',
      rows,
      graph: statusGraph(rows, config),
    },
    failure,
  };
};
