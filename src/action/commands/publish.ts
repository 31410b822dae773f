// The action's `publish`: the core publish protocol over the clouds.yaml secret, then one row per
// image x arch with the Glance ID on each site. A failure part-way still reports what was published.
import { loadConfig } from '../../config/load.js';
import { describeError, inputErrorsOf, InputError } from '../../errors.js';
import { publish } from '../../publish/publish.js';
import type { PublishResult } from '../../publish/result-file.js';
import { publishDeps } from '../../wiring.js';
import { Input, Output } from '../constants.js';
import { actionInvocation, type ActionCommand } from '../context.js';
import { resultRows } from '../result-rows.js';
import { statusGraph } from '../summary.js';

export const publishAction: ActionCommand = async (ctx) => {
  const { inputs, logger, env } = ctx;
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
      await publishDeps(actionInvocation(ctx), config, {
        print: (line) => logger.info(line),
        cacheDir: inputs.cacheDir,
        signingKey: inputs.signingKey,
      }),
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
