import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  baseUrlStore,
  connectGitHub,
  expectedBuilds,
  release,
  siteObjectStore,
  uploadImages
} from "./chunk-NIIJGIRH.js";
import "./chunk-2JQ43Z2F.js";
import "./chunk-BLE43MUF.js";
import "./chunk-JTVS32PB.js";
import "./chunk-XW7PKT2X.js";
import "./chunk-BUEB6AJG.js";
import {
  gitHead
} from "./chunk-URRJLXEV.js";
import "./chunk-IKT77LZZ.js";
import "./chunk-PZVZ7HAU.js";
import "./chunk-MEIOC2ET.js";
import "./chunk-BPPNOVBD.js";
import {
  loadProject
} from "./chunk-EF6PQXA6.js";
import {
  MAKE_LATEST_CHOICES
} from "./chunk-XQKFXZ5F.js";
import "./chunk-MV7MNJMR.js";
import "./chunk-IZ24G5OD.js";
import "./chunk-ER67HBBX.js";
import "./chunk-H2N2AFCW.js";
import "./chunk-PUPMCPPH.js";
import "./chunk-DJTE6M5J.js";
import "./chunk-PULXAN4K.js";
import "./chunk-YDNOFHPX.js";
import {
  run
} from "./chunk-SRPYJRT6.js";
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

// src/cli/commands/release.ts
import { resolve } from "node:path";
async function releasedCommit(env, cwd) {
  if (env.GITHUB_SHA) return env.GITHUB_SHA;
  const head = await gitHead(run, cwd);
  return head === "unknown" ? void 0 : head;
}
var releaseCommand = {
  name: "release",
  summary: "merge build/publish results into manifest.json and attach it to the GitHub release",
  usage: "kiln release --tag T --results DIR [--repo OWNER/NAME] [--allow-incomplete] [--config-dir D] [--output FILE] [--base-url URL | --object-store SITE] [--manifest-only] [--upload-only] [--make-latest auto|true|false]",
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
    "upload-only": { type: "boolean", default: false },
    "make-latest": { type: "string", default: "auto" }
  },
  flags: {
    tag: ["T", "the git tag to release"],
    results: ["DIR", "the build records and publish results of every job (any depth)"],
    repo: ["OWNER/NAME", "the GitHub repository (default $GITHUB_REPOSITORY)"],
    "allow-incomplete": ["", "release what is there when planned builds have no result (warns)"],
    "config-dir": ["D", "folder of images.yaml, sites.yaml, third-party.yaml (default config/)"],
    output: ["FILE", "where to write the manifest (default manifest.json)"],
    "base-url": ["URL", "the image files are served as URL/<build name>.<format>"],
    "object-store": ["SITE", "upload the image files to this site's object store (Swift)"],
    "manifest-only": ["", "write the manifest without contacting GitHub"],
    "upload-only": ["", "only upload this job's image files (with --object-store and --results)"],
    "make-latest": ["auto|true|false", "mark the release GitHub's latest (auto: only the highest version)"]
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
      const project2 = await loadProject({ cwd: ctx.cwd, env: ctx.env, configDir });
      const builds2 = await expectedBuilds(project2);
      const store2 = await siteObjectStore(site, project2.config.sites, { ...ctx, flag: "--object-store" });
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
    const latest = values["make-latest"];
    if (!MAKE_LATEST_CHOICES.includes(latest))
      throw new InputError(
        `kiln release: --make-latest '${latest}' is not one of ${MAKE_LATEST_CHOICES.join(", ")}`
      );
    const baseUrl = values["base-url"];
    if (baseUrl && !/^https?:\/\/\S+$/.test(baseUrl))
      throw new InputError(`kiln release: --base-url '${baseUrl}' is not an http(s) URL`);
    const github = values["manifest-only"] ? void 0 : connectGitHub(ctx.env, values.repo, ctx.logger, ctx.signal);
    const project = await loadProject({ cwd: ctx.cwd, env: ctx.env, configDir });
    const builds = await expectedBuilds(project);
    const store = site ? await siteObjectStore(site, project.config.sites, { ...ctx, flag: "--object-store" }) : baseUrl ? baseUrlStore(baseUrl) : void 0;
    const output = resolve(ctx.cwd, values.output);
    const out = await release({
      tag,
      resultsDir: resolve(ctx.cwd, results),
      output,
      allowIncomplete: values["allow-incomplete"],
      expected: builds,
      store,
      github,
      // The commit released: the workflow's in Actions, else the work tree's.
      commit: github ? await releasedCommit(ctx.env, ctx.cwd) : void 0,
      makeLatest: latest,
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
