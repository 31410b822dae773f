import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  baseUrlStore,
  connectGitHub,
  expectedBuilds,
  release
} from "./chunk-W7KXDV6G.js";
import "./chunk-MPETFU67.js";
import "./chunk-DTBUINRM.js";
import "./chunk-BAZRQVPR.js";
import {
  resultRows
} from "./chunk-J43SEUF6.js";
import "./chunk-AG65KIXN.js";
import "./chunk-PEUWQLZN.js";
import "./chunk-Y5RLNFB6.js";
import "./chunk-MV7MNJMR.js";
import "./chunk-3FICD6WR.js";
import "./chunk-3BWN3CNQ.js";
import "./chunk-XX4E3S4Z.js";
import "./chunk-JDJ7YIXR.js";
import "./chunk-UZHLO6E5.js";
import "./chunk-VNYJLFTL.js";
import "./chunk-YDNOFHPX.js";
import {
  InputError
} from "./chunk-6ZOG3UT5.js";
import "./chunk-NRF5ZCPO.js";

// src/action/commands/release.ts
import { join } from "node:path";
var releaseAction = async ({ inputs, logger, env }) => {
  const tag = inputs.tag ?? (env.GITHUB_REF_TYPE === "tag" ? env.GITHUB_REF_NAME : void 0);
  if (!tag) throw new InputError(`input '${"tag" /* Tag */}' is required for release outside a tag push`);
  if (inputs.baseUrl && !/^https?:\/\/\S+$/.test(inputs.baseUrl)) {
    throw new InputError(`input '${"base-url" /* BaseUrl */}': '${inputs.baseUrl}' is not an http(s) URL`);
  }
  const github = connectGitHub(
    { ...env, GITHUB_TOKEN: inputs.githubToken ?? env.GITHUB_TOKEN },
    inputs.repository,
    logger
  );
  const { builds } = await expectedBuilds({ cwd: inputs.root, env, configDir: inputs.configDir, logger });
  const output = join(inputs.resultsDir, "manifest.json");
  const out = await release({
    tag,
    resultsDir: inputs.resultsDir,
    output,
    expected: builds,
    store: inputs.baseUrl ? baseUrlStore(inputs.baseUrl) : void 0,
    github,
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
