import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  loadManifest,
  sync,
  syncFailures
} from "./chunk-GKYOOUP5.js";
import "./chunk-IP6TO5IC.js";
import "./chunk-C62FGXBY.js";
import "./chunk-B5HWJ4DE.js";
import "./chunk-4AT3T5VO.js";
import {
  connectGlance,
  resolveCloud
} from "./chunk-BZTLKY6W.js";
import "./chunk-CV4SHINA.js";
import "./chunk-XW5F6YFG.js";
import "./chunk-KPS5XN2W.js";
import "./chunk-Y5RLNFB6.js";
import "./chunk-XW7PKT2X.js";
import "./chunk-PZVZ7HAU.js";
import "./chunk-VNYJLFTL.js";
import "./chunk-JDJ7YIXR.js";
import "./chunk-BDAQBW24.js";
import "./chunk-YO3QHAM6.js";
import "./chunk-YDNOFHPX.js";
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
  const glance = await connectGlance({ cloud: inputs.cloud, env, cwd: inputs.root, logger });
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
    { glance, runner, logger, signal }
  );
  return {
    outputs: { ["synced" /* Synced */]: JSON.stringify(outcomes) },
    summary: {
      title: `kiln sync into ${inputs.cloud}`,
      rows: outcomes.map((o) => ({
        name: o.name,
        arch: manifest[o.name]?.arch ?? "",
        key: manifest[o.name]?.build_key,
        status: o.status,
        detail: o.detail,
        size: manifest[o.name]?.size,
        sites: { [inputs.cloud]: o.image_id }
      }))
    },
    failure: syncFailures(outcomes)
  };
};
export {
  syncAction
};
