import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  loadManifest,
  sync,
  syncFailures
} from "./chunk-CESFE6JZ.js";
import "./chunk-DIKPMRJS.js";
import "./chunk-A3LBQRMC.js";
import "./chunk-B5PMFH3S.js";
import "./chunk-EDGVCAGO.js";
import "./chunk-A5FHVTGY.js";
import "./chunk-XW7PKT2X.js";
import "./chunk-FCNQQUZI.js";
import "./chunk-UD733EJV.js";
import "./chunk-OXDPUPIM.js";
import "./chunk-Y5RLNFB6.js";
import "./chunk-Q6HZ6XSG.js";
import {
  actionInvocation
} from "./chunk-4K5Q23SM.js";
import {
  syncDeps
} from "./chunk-OKR65S7M.js";
import "./chunk-JDJ7YIXR.js";
import "./chunk-PZVZ7HAU.js";
import "./chunk-UR6DWNCZ.js";
import "./chunk-AUOZZ4YM.js";
import "./chunk-DJTE6M5J.js";
import "./chunk-PULXAN4K.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-SRPYJRT6.js";
import "./chunk-2RI5WXA3.js";
import "./chunk-KCH6PF2G.js";
import "./chunk-PKW3LEPS.js";
import "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
import {
  InputError
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/action/commands/sync.ts
var VISIBILITIES = ["community", "public", "private", "shared"];
var syncAction = async (ctx) => {
  const { inputs, signal, tmp } = ctx;
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
  const deps = await syncDeps(actionInvocation(ctx), inputs.cloud, inputs.signingKey);
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
    deps
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
