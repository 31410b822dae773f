import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  loadManifest,
  sync,
  syncFailures
} from "./chunk-WVELO6VP.js";
import "./chunk-MRRHDCPP.js";
import "./chunk-MYAZNMLU.js";
import "./chunk-RBFVXDR4.js";
import "./chunk-A3LBQRMC.js";
import "./chunk-Q6HZ6XSG.js";
import "./chunk-W2KMKD6H.js";
import "./chunk-OXDPUPIM.js";
import {
  connectGlance,
  connectKeyManager,
  resolveCloud
} from "./chunk-CFGK2IYR.js";
import "./chunk-6YP4CZUQ.js";
import "./chunk-PIT5HA5U.js";
import "./chunk-XW7PKT2X.js";
import "./chunk-A5FHVTGY.js";
import "./chunk-Y5RLNFB6.js";
import "./chunk-PZVZ7HAU.js";
import "./chunk-JDJ7YIXR.js";
import "./chunk-GU4XJBG7.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-E7RB4GAI.js";
import "./chunk-GTTBYWCY.js";
import "./chunk-VNYJLFTL.js";
import {
  InputError
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/action/commands/sync.ts
var VISIBILITIES = ["community", "public", "private", "shared"];
var syncAction = async ({ inputs, logger, env, runner, signal, tmp }) => {
  if (!inputs.manifest || !inputs.cloud) {
    throw new InputError(`inputs '${"manifest" /* Manifest */}' and '${"cloud" /* Cloud */}' are required for sync`);
  }
  const visibility = inputs.visibility ?? "community";
  if (!VISIBILITIES.includes(visibility)) {
    throw new InputError(
      `input '${"visibility" /* Visibility */}': unknown visibility '${visibility}'`,
      void 0,
      VISIBILITIES.join(", ")
    );
  }
  const manifest = await loadManifest(inputs.manifest, inputs.root, signal);
  resolveCloud({ cloud: inputs.cloud, env, cwd: inputs.root });
  const glance = await connectGlance({ cloud: inputs.cloud, env, cwd: inputs.root, logger, signal });
  const outcomes = await sync(
    {
      manifest,
      source: inputs.manifest,
      only: inputs.images,
      diskFormat: inputs.diskFormat,
      visibility,
      dryRun: inputs.dryRun,
      workDir: tmp
    },
    {
      glance,
      runner,
      logger,
      signal,
      signing: {
        keyManager: () => connectKeyManager({ cloud: inputs.cloud, env, cwd: inputs.root, logger }),
        signingKey: inputs.signingKey
      }
    }
  );
  return {
    outputs: { ["synced" /* Synced */]: JSON.stringify(outcomes) },
    summary: {
      title: `kiln sync into ${inputs.cloud}`,
      rows: outcomes.map((o) => {
        const entry = Object.values(manifest).find((e) => e.name === o.name);
        return {
          name: o.name,
          arch: entry?.kiln?.arch ?? "",
          key: entry?.kiln?.build_key,
          status: o.status,
          detail: o.detail,
          size: entry?.size,
          sites: { [inputs.cloud]: o.image_id }
        };
      })
    },
    failure: syncFailures(outcomes)
  };
};
export {
  syncAction
};
