import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  baseUrlStore,
  connectGitHub,
  expectedBuilds,
  release,
  siteObjectStore,
  uploadImages
} from "./chunk-NIIJGIRH.js";
import {
  resultRows
} from "./chunk-EZOCSSP3.js";
import "./chunk-2JQ43Z2F.js";
import "./chunk-BLE43MUF.js";
import "./chunk-JTVS32PB.js";
import "./chunk-XW7PKT2X.js";
import "./chunk-BUEB6AJG.js";
import "./chunk-IKT77LZZ.js";
import "./chunk-PZVZ7HAU.js";
import "./chunk-MEIOC2ET.js";
import "./chunk-BPPNOVBD.js";
import {
  loadProject
} from "./chunk-EF6PQXA6.js";
import "./chunk-XQKFXZ5F.js";
import "./chunk-MV7MNJMR.js";
import "./chunk-JDJ7YIXR.js";
import "./chunk-IZ24G5OD.js";
import "./chunk-ER67HBBX.js";
import "./chunk-H2N2AFCW.js";
import "./chunk-PUPMCPPH.js";
import "./chunk-DJTE6M5J.js";
import "./chunk-PULXAN4K.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-SRPYJRT6.js";
import "./chunk-UW7J5A5E.js";
import "./chunk-YDMM63TT.js";
import "./chunk-2RI5WXA3.js";
import "./chunk-RUOB6ALG.js";
import "./chunk-32GN4VEV.js";
import "./chunk-B5AUNYM4.js";
import "./chunk-MJHFF3BW.js";
import "./chunk-ZTSW2VJH.js";
import "./chunk-CEQ3CRBZ.js";
import "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
import {
  InputError
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/action/commands/release.ts
import { join } from "node:path";
var releaseAction = async ({ inputs, logger, env, signal }) => {
  if (inputs.baseUrl && inputs.objectStore) {
    throw new InputError(`give input '${"base-url" /* BaseUrl */}' or '${"object-store" /* ObjectStore */}', not both`);
  }
  if (inputs.uploadOnly && !inputs.objectStore) {
    throw new InputError(`input '${"upload-only" /* UploadOnly */}' needs input '${"object-store" /* ObjectStore */}' (a site)`);
  }
  const tag = inputs.tag ?? (env.GITHUB_REF_TYPE === "tag" ? env.GITHUB_REF_NAME : void 0);
  if (!tag && !inputs.uploadOnly)
    throw new InputError(`input '${"tag" /* Tag */}' is required for release outside a tag push`);
  if (inputs.baseUrl && !/^https?:\/\/\S+$/.test(inputs.baseUrl)) {
    throw new InputError(`input '${"base-url" /* BaseUrl */}': '${inputs.baseUrl}' is not an http(s) URL`);
  }
  const github = inputs.uploadOnly ? void 0 : connectGitHub(
    { ...env, GITHUB_TOKEN: inputs.githubToken ?? env.GITHUB_TOKEN },
    inputs.repository,
    logger,
    signal
  );
  const project = await loadProject({ cwd: inputs.root, env, configDir: inputs.configDir });
  const builds = await expectedBuilds(project);
  const store = inputs.objectStore ? await siteObjectStore(inputs.objectStore, project.config.sites, {
    env,
    cwd: inputs.root,
    logger,
    flag: `input '${"object-store" /* ObjectStore */}'`,
    signal
  }) : inputs.baseUrl ? baseUrlStore(inputs.baseUrl) : void 0;
  if (inputs.uploadOnly) {
    const out2 = await uploadImages({
      resultsDir: inputs.resultsDir,
      expected: builds,
      store,
      logger
    });
    const rows2 = await resultRows(inputs.resultsDir, [], "uploaded");
    return {
      outputs: { ["uploaded" /* Uploaded */]: JSON.stringify(out2.uploaded), ["results-dir" /* ResultsDir */]: inputs.resultsDir },
      summary: {
        title: `kiln release: image files to ${inputs.objectStore}'s object store`,
        notes: out2.uploaded.map((u) => `- \`${u.name}\`: ${u.url}`),
        rows: rows2
      }
    };
  }
  const output = join(inputs.resultsDir, "manifest.json");
  const out = await release({
    tag,
    resultsDir: inputs.resultsDir,
    output,
    expected: builds,
    store,
    github,
    // The workflow's commit: on a tag push, the tagged commit the builds came from.
    commit: env.GITHUB_SHA,
    makeLatest: inputs.makeLatest,
    logger
  });
  const rows = await resultRows(inputs.resultsDir, [], "released");
  return {
    outputs: {
      ["manifest" /* Manifest */]: output,
      ["release-url" /* ReleaseUrl */]: out.release?.url ?? "",
      ["results-dir" /* ResultsDir */]: inputs.resultsDir
    },
    summary: {
      title: `kiln release ${tag}`,
      notes: [
        out.release ? `Release: ${out.release.url} (${Object.keys(out.manifest).length} builds in manifest.json)` : "",
        ...out.missing.map((m) => `- missing from this release: \`${m.name}\``)
      ].filter(Boolean),
      rows
    }
  };
};
export {
  releaseAction
};
