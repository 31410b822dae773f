import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  publish
} from "./chunk-CZZQBMU5.js";
import "./chunk-T2QRH4EB.js";
import {
  resultRows
} from "./chunk-XOJQHSCC.js";
import "./chunk-C62FGXBY.js";
import "./chunk-B5HWJ4DE.js";
import {
  connectGlance
} from "./chunk-BZTLKY6W.js";
import "./chunk-CV4SHINA.js";
import "./chunk-XW5F6YFG.js";
import "./chunk-KPS5XN2W.js";
import "./chunk-Y5RLNFB6.js";
import {
  statusGraph
} from "./chunk-E2WUPO2S.js";
import "./chunk-MV7MNJMR.js";
import "./chunk-PZVZ7HAU.js";
import "./chunk-VNYJLFTL.js";
import "./chunk-JDJ7YIXR.js";
import "./chunk-Y6THQUYM.js";
import {
  loadConfig
} from "./chunk-7LVAP3ZD.js";
import "./chunk-4GIADRCJ.js";
import "./chunk-BDAQBW24.js";
import {
  cacheDir
} from "./chunk-LSNICYBZ.js";
import "./chunk-YO3QHAM6.js";
import "./chunk-YDNOFHPX.js";
import {
  InputError,
  describeError,
  inputErrorsOf
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/action/commands/publish.ts
var publishAction = async ({ inputs, logger, env, runner, signal }) => {
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
      {
        config,
        connect: (site) => connectGlance({
          cloud: site.cloud,
          label: `site ${site.name} (cloud ${site.cloud})`,
          env,
          cwd: inputs.root,
          logger
        }),
        runner,
        logger,
        cacheDir: cacheDir({ ...env, KILN_CACHE_DIR: inputs.cacheDir }, config.root),
        now: () => /* @__PURE__ */ new Date(),
        print: (line) => logger.info(line),
        signal
      }
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
