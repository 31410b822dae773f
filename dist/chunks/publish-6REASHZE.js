import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  publish
} from "./chunk-PSHB3XKR.js";
import "./chunk-VWCB7QRI.js";
import {
  resultRows
} from "./chunk-EZOCSSP3.js";
import "./chunk-EIF5TCFJ.js";
import "./chunk-L3BPCSN2.js";
import "./chunk-BLE43MUF.js";
import "./chunk-JTVS32PB.js";
import "./chunk-XW7PKT2X.js";
import "./chunk-IKT77LZZ.js";
import "./chunk-PZVZ7HAU.js";
import "./chunk-MEIOC2ET.js";
import "./chunk-BPPNOVBD.js";
import "./chunk-6DYCFFVP.js";
import {
  actionInvocation
} from "./chunk-E7FKK6SQ.js";
import {
  publishDeps
} from "./chunk-EF6PQXA6.js";
import {
  statusGraph
} from "./chunk-CBDUIAZ3.js";
import "./chunk-MV7MNJMR.js";
import "./chunk-Y6THQUYM.js";
import "./chunk-JDJ7YIXR.js";
import "./chunk-IZ24G5OD.js";
import "./chunk-H2N2AFCW.js";
import {
  loadConfig
} from "./chunk-PUPMCPPH.js";
import "./chunk-DJTE6M5J.js";
import "./chunk-PULXAN4K.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-SRPYJRT6.js";
import "./chunk-UW7J5A5E.js";
import "./chunk-YDMM63TT.js";
import "./chunk-2RI5WXA3.js";
import "./chunk-ZTSW2VJH.js";
import "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
import {
  InputError,
  describeError,
  inputErrorsOf
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/action/commands/publish.ts
var publishAction = async (ctx) => {
  const { inputs, logger, env } = ctx;
  if (inputs.images.length === 0) {
    throw new InputError(
      `input '${"images" /* Images */}' is required for publish`,
      void 0,
      "pass the matrix entry's images"
    );
  }
  if (!env.OS_CLIENT_CONFIG_FILE && !inputs.dryRun) {
    logger.warn(`no '${"clouds-yaml" /* CloudsYaml */}' input: looking for clouds.yaml in the usual places`);
  }
  const config = await loadConfig({ cwd: inputs.root, env, configDir: inputs.configDir });
  let results = [];
  let failure;
  try {
    results = await publish(
      {
        images: inputs.images,
        sites: inputs.sites,
        from: inputs.resultsDir,
        dryRun: inputs.dryRun,
        swap: "all"
      },
      await publishDeps(actionInvocation(ctx), config, {
        print: (line) => logger.info(line),
        cacheDir: inputs.cacheDir,
        signingKey: inputs.signingKey
      })
    );
  } catch (err) {
    if (inputErrorsOf(err)) throw err;
    failure = describeError(err);
  }
  const status = (name, arch) => {
    const mine = results.filter((r) => r.name === name && r.arch === arch);
    if (mine.length === 0) return inputs.dryRun ? "planned" : "failed";
    return mine.some((r) => r.status === "published") ? "published" : "unchanged";
  };
  const rows = (await resultRows(inputs.resultsDir, inputs.images, "")).map((r) => ({
    ...r,
    status: status(r.name, r.arch)
  }));
  return {
    outputs: {
      ["published" /* Published */]: JSON.stringify(
        results.map((r) => ({
          name: r.name,
          arch: r.arch,
          site: r.site,
          image_id: r.image_id,
          image_name: r.image_name,
          status: r.status
        }))
      ),
      ["results-dir" /* ResultsDir */]: inputs.resultsDir
    },
    summary: {
      title: inputs.dryRun ? "kiln publish (dry run)" : "kiln publish",
      rows,
      graph: statusGraph(rows, config)
    },
    failure
  };
};
export {
  publishAction
};
