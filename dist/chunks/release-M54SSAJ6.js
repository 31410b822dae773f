import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  baseUrlStore,
  connectGitHub,
  expectedBuilds,
  release,
  siteObjectStore,
  uploadImages
} from "./chunk-UCIF7KGN.js";
import "./chunk-T2QRH4EB.js";
import "./chunk-4AT3T5VO.js";
import "./chunk-BZTLKY6W.js";
import "./chunk-CV4SHINA.js";
import "./chunk-XW5F6YFG.js";
import "./chunk-KPS5XN2W.js";
import "./chunk-Y5RLNFB6.js";
import "./chunk-XW7PKT2X.js";
import "./chunk-MV7MNJMR.js";
import "./chunk-VNYJLFTL.js";
import "./chunk-H7SX73YT.js";
import "./chunk-7LVAP3ZD.js";
import "./chunk-4GIADRCJ.js";
import "./chunk-BDAQBW24.js";
import "./chunk-BQA56IP2.js";
import "./chunk-LSNICYBZ.js";
import "./chunk-YO3QHAM6.js";
import "./chunk-YDNOFHPX.js";
import {
  InputError
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/cli/commands/release.ts
import { resolve } from "node:path";
var releaseCommand = {
  name: "release",
  summary: "merge build/publish results into manifest.json and attach it to the GitHub release",
  usage: "kiln release --tag T --results DIR [--repo OWNER/NAME] [--allow-incomplete] [--config-dir D] [--output FILE] [--base-url URL | --object-store SITE] [--manifest-only] [--upload-only]",
  options: {
    tag: { type: "string" },
    results: { type: "string" },
    repo: { type: "string" },
    "allow-incomplete": { type: "boolean", default: false },
    "config-dir": { type: "string" },
    output: { type: "string", default: "manifest.json" },
    "base-url": { type: "string" },
    "object-store": { type: "string" },
    "manifest-only": { type: "boolean", default: false },
    "upload-only": { type: "boolean", default: false }
  },
  async run(values, _positionals, ctx) {
    const tag = values.tag;
    const results = values.results;
    const site = values["object-store"];
    const configDir = values["config-dir"];
    if (values["upload-only"]) {
      if (!site || !results)
        throw new InputError(
          "kiln release --upload-only: --object-store and --results are required",
          void 0,
          "usage: kiln release --upload-only --object-store SITE --results DIR"
        );
      const { builds: builds2, sites: sites2 } = await expectedBuilds({
        cwd: ctx.cwd,
        env: ctx.env,
        configDir,
        logger: ctx.logger
      });
      const store2 = await siteObjectStore(site, sites2, { ...ctx, flag: "--object-store" });
      const out2 = await uploadImages({
        resultsDir: resolve(ctx.cwd, results),
        expected: builds2,
        store: store2,
        logger: ctx.logger
      });
      ctx.stdout(JSON.stringify(out2, null, 2) + "\n");
      return 0;
    }
    if (!tag || !results)
      throw new InputError(
        "kiln release: --tag and --results are required",
        void 0,
        `usage: ${this.usage}`
      );
    if (values["base-url"] && values["object-store"]) {
      throw new InputError("kiln release: give --base-url or --object-store, not both");
    }
    const baseUrl = values["base-url"];
    if (baseUrl && !/^https?:\/\/\S+$/.test(baseUrl))
      throw new InputError(`kiln release: --base-url '${baseUrl}' is not an http(s) URL`);
    const github = values["manifest-only"] ? void 0 : connectGitHub(ctx.env, values.repo, ctx.logger);
    const { builds, sites } = await expectedBuilds({
      cwd: ctx.cwd,
      env: ctx.env,
      configDir,
      logger: ctx.logger
    });
    const store = site ? await siteObjectStore(site, sites, { ...ctx, flag: "--object-store" }) : baseUrl ? baseUrlStore(baseUrl) : void 0;
    const output = resolve(ctx.cwd, values.output);
    const out = await release({
      tag,
      resultsDir: resolve(ctx.cwd, results),
      output,
      allowIncomplete: values["allow-incomplete"],
      expected: builds,
      store,
      github,
      logger: ctx.logger
    });
    ctx.stdout(
      JSON.stringify(
        {
          manifest: output,
          images: Object.keys(out.manifest),
          missing: out.missing.map((m) => m.name),
          release: out.release ? { url: out.release.url, created: out.release.created } : null
        },
        null,
        2
      ) + "\n"
    );
    return 0;
  }
};
export {
  releaseCommand
};
