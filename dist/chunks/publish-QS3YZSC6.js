import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  publish
} from "./chunk-VETWSCGR.js";
import "./chunk-5VQFLI6X.js";
import "./chunk-MRTCZY3P.js";
import {
  resultRows
} from "./chunk-VBFRXFRQ.js";
import "./chunk-RBFVXDR4.js";
import "./chunk-A3LBQRMC.js";
import "./chunk-Q6HZ6XSG.js";
import "./chunk-OXDPUPIM.js";
import {
  connectGlance,
  connectKeyManager
} from "./chunk-CFGK2IYR.js";
import "./chunk-6YP4CZUQ.js";
import "./chunk-PIT5HA5U.js";
import "./chunk-XW7PKT2X.js";
import "./chunk-A5FHVTGY.js";
import "./chunk-Y5RLNFB6.js";
import {
  statusGraph
} from "./chunk-CBDUIAZ3.js";
import "./chunk-MV7MNJMR.js";
import "./chunk-PZVZ7HAU.js";
import "./chunk-Y6THQUYM.js";
import "./chunk-JDJ7YIXR.js";
import {
  loadConfig
} from "./chunk-UM724M6O.js";
import "./chunk-PX4DNTTS.js";
import {
  cacheDir
} from "./chunk-5TRAMWJB.js";
import "./chunk-GU4XJBG7.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-E7RB4GAI.js";
import {
  SIGNING_KEY_ENV
} from "./chunk-GTTBYWCY.js";
import "./chunk-VNYJLFTL.js";
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
          logger,
          signal
        }),
        keyManager: (site) => connectKeyManager({
          cloud: site.cloud,
          label: `site ${site.name} (cloud ${site.cloud})`,
          env,
          cwd: inputs.root,
          logger
        }),
        // Only publish sees the key: never the environment of builds or other programs.
        env: inputs.signingKey ? { ...env, [SIGNING_KEY_ENV]: inputs.signingKey } : env,
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
