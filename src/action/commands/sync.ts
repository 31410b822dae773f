// The action's `sync`: a release manifest's images into another cloud (the clouds.yaml secret names
// it), one row per image.
import { InputError } from '../../errors.js';
import { loadManifest } from '../../release/manifest-source.js';
import { sync, syncFailures, type Visibility } from '../../release/sync.js';
import { Input, Output } from '../constants.js';
import { actionInvocation, type ActionCommand } from '../context.js';
import { syncDeps } from '../../wiring.js';

const VISIBILITIES: Visibility[] = ['community', 'public', 'private', 'shared'];

export const syncAction: ActionCommand = async (ctx) => {
  const { inputs, signal, tmp } = ctx;
  if (!inputs.manifest || !inputs.cloud) {
    throw new InputError(`inputs '${Input.Manifest}' and '${Input.Cloud}' are required for sync`);
  }
  const visibility = (inputs.visibility ?? 'community') as Visibility;
  if (!VISIBILITIES.includes(visibility)) {
    throw new InputError(
      `input '${Input.Visibility}': unknown visibility '${visibility}'`,
      undefined,
      VISIBILITIES.join(', '),
    );
  }
  // Bad input first (manifest, cloud settings), before contacting the cloud.
  const manifest = await loadManifest(inputs.manifest, inputs.root, signal);
  const deps = await syncDeps(actionInvocation(ctx), inputs.cloud, inputs.signingKey);
  const outcomes = await sync(
    {
      manifest,
      source: inputs.manifest,
      only: inputs.images,
      diskFormat: inputs.diskFormat,
      visibility,
      dryRun: inputs.dryRun,
      workDir: tmp,
    },
    deps,
  );
  return {
    outputs: { [Output.Synced]: JSON.stringify(outcomes) },
    summary: {
      title: `kiln sync into ${inputs.cloud}`,
      rows: outcomes.map((o) => {
        const entry = Object.values(manifest).find((e) => e.name === o.name);
        return {
          name: o.name,
          arch: entry?.kiln?.arch ?? '',
          key: entry?.kiln?.build_key,
          status: o.status,
          detail: o.detail,
          size: entry?.size,
          sites: { [inputs.cloud!]: o.image_id },
        };
      }),
    },
    failure: syncFailures(outcomes),
  };
};
