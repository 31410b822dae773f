import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  loadManifest,
  sync,
  syncFailures
} from "./chunk-FCHNLPGP.js";
import "./chunk-EIF5TCFJ.js";
import "./chunk-L3BPCSN2.js";
import "./chunk-2JQ43Z2F.js";
import "./chunk-BLE43MUF.js";
import "./chunk-JTVS32PB.js";
import "./chunk-XW7PKT2X.js";
import "./chunk-674CPF5Y.js";
import "./chunk-URRJLXEV.js";
import "./chunk-IKT77LZZ.js";
import "./chunk-PZVZ7HAU.js";
import "./chunk-MEIOC2ET.js";
import "./chunk-6DYCFFVP.js";
import "./chunk-M5NCGYPU.js";
import {
  actionInvocation
} from "./chunk-E7FKK6SQ.js";
import {
  syncDeps
} from "./chunk-EF6PQXA6.js";
import "./chunk-JDJ7YIXR.js";
import "./chunk-IZ24G5OD.js";
import "./chunk-H2N2AFCW.js";
import "./chunk-PUPMCPPH.js";
import "./chunk-DJTE6M5J.js";
import "./chunk-PULXAN4K.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-SRPYJRT6.js";
import "./chunk-UW7J5A5E.js";
import "./chunk-YDMM63TT.js";
import "./chunk-2RI5WXA3.js";
import "./chunk-B5AUNYM4.js";
import "./chunk-MJHFF3BW.js";
import "./chunk-ZTSW2VJH.js";
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
