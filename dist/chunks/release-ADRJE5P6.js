import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  baseUrlStore,
  connectGitHub,
  expectedBuilds,
  imageFileName,
  release
} from "./chunk-W7KXDV6G.js";
import "./chunk-MPETFU67.js";
import {
  keystoneSession,
  resolveCloud
} from "./chunk-RUVHHYPS.js";
import {
  describeAnswer
} from "./chunk-KT3DVYOK.js";
import "./chunk-DTBUINRM.js";
import "./chunk-BAZRQVPR.js";
import "./chunk-AG65KIXN.js";
import "./chunk-PEUWQLZN.js";
import "./chunk-Y5RLNFB6.js";
import "./chunk-MV7MNJMR.js";
import "./chunk-3FICD6WR.js";
import "./chunk-3BWN3CNQ.js";
import "./chunk-XX4E3S4Z.js";
import "./chunk-UZHLO6E5.js";
import "./chunk-VNYJLFTL.js";
import "./chunk-YDNOFHPX.js";
import {
  InputError,
  WorldError
} from "./chunk-6ZOG3UT5.js";
import "./chunk-NRF5ZCPO.js";

// src/cli/commands/release.ts
import { resolve } from "node:path";

// src/release/object-store.ts
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
var MAX_OBJECT = 5 * 1024 ** 3;
var SEGMENT = 1024 ** 3;
var path = (...parts) => "/" + parts.map((p) => p.split("/").map(encodeURIComponent).join("/")).join("/");
async function swiftStore(options) {
  const { session, container, prefix, logger, label } = options;
  const endpoint = await session.endpoint("object-store");
  const objectName = (result, buildName) => `${prefix}${imageFileName(result, buildName)}`;
  const send = async (doing, method, p, headers = {}, body, ok = [200, 201, 202, 204]) => {
    const res = await session.request("object-store", { method, path: p, headers, body });
    if (!ok.includes(res.status)) throw new WorldError({ doing, target: label, answer: describeAnswer(res) });
    return res;
  };
  const ensureContainer = async () => {
    const head = await send(
      `checking container ${container}`,
      "GET",
      `${path(container)}?limit=0&format=json`,
      {},
      void 0,
      [200, 204, 404]
    );
    if (head.status !== 404) {
      if (!String(head.headers["x-container-read"] ?? "").includes(".r:*")) {
        logger.warn(
          `${label}: container ${container} is not world-readable; the manifest's URLs need a token`
        );
      }
      return;
    }
    logger.info(`${label}: creating world-readable container ${container}`);
    await send(`creating container ${container}`, "PUT", path(container), { "X-Container-Read": ".r:*" });
  };
  const putFile = async (name, file, size, sha256) => {
    const meta = { "X-Object-Meta-Sha256": sha256 };
    if (size <= MAX_OBJECT) {
      await send(
        `uploading ${name}`,
        "PUT",
        path(container, name),
        { ...meta, "Content-Length": String(size) },
        () => createReadStream(file)
      );
      return;
    }
    const segments = [];
    for (let start = 0, n = 0; start < size; start += SEGMENT, n++) {
      const len = Math.min(SEGMENT, size - start);
      const seg = `${name}.segments/${String(n).padStart(6, "0")}`;
      await send(
        `uploading ${seg}`,
        "PUT",
        path(container, seg),
        { "Content-Length": String(len) },
        () => createReadStream(file, { start, end: start + len - 1 })
      );
      segments.push({ path: `/${container}/${seg}`, size_bytes: len });
    }
    await send(
      `writing the large-object manifest of ${name}`,
      "PUT",
      `${path(container, name)}?multipart-manifest=put`,
      { ...meta, "Content-Type": "application/json" },
      JSON.stringify(segments)
    );
  };
  return {
    urlFor: (result, buildName) => endpoint + path(container, objectName(result, buildName)),
    async upload(builds) {
      const files = [];
      for (const { result, buildName } of builds) {
        const file = join(result.dir, result.record.file);
        const st = await stat(file).catch(() => void 0);
        if (!st?.isFile() || st.size !== result.record.size) {
          throw new InputError(
            `${result.path}: image file ${result.record.file} is missing or not ${result.record.size} bytes`,
            void 0,
            "download the image files with the records to upload them to the object store"
          );
        }
        files.push({
          name: objectName(result, buildName),
          file,
          size: st.size,
          sha256: result.record.sha256
        });
      }
      await ensureContainer();
      for (const f of files) {
        const head = await send(
          `checking ${f.name}`,
          "GET",
          path(container, f.name),
          { Range: "bytes=0-0" },
          void 0,
          [200, 206, 404, 416]
        );
        if (head.status !== 404 && head.headers["x-object-meta-sha256"] === f.sha256) {
          logger.info(`${label}: ${f.name} is already in ${container}`);
          continue;
        }
        logger.info(`${label}: uploading ${f.name} to ${container}`);
        await putFile(f.name, f.file, f.size, f.sha256);
      }
    }
  };
}

// src/cli/commands/release.ts
async function objectStore(siteName, sites, ctx) {
  const site = sites.get(siteName);
  if (!site)
    throw new InputError(
      `--object-store: no site '${siteName}' in sites.yaml`,
      void 0,
      `sites: ${[...sites.keys()].join(", ")}`
    );
  if (!site.object_store) {
    throw new InputError(
      `--object-store: site '${siteName}' has no object_store (container, prefix) in sites.yaml`,
      site.pos
    );
  }
  const label = `site ${site.name} (cloud ${site.cloud})`;
  const session = keystoneSession(
    resolveCloud({ cloud: site.cloud, env: ctx.env, cwd: ctx.cwd }),
    label,
    ctx.logger
  );
  return swiftStore({ session, ...site.object_store, logger: ctx.logger, label });
}
var releaseCommand = {
  name: "release",
  summary: "merge build/publish results into manifest.json and attach it to the GitHub release",
  usage: "kiln release --tag T --results DIR [--repo OWNER/NAME] [--allow-incomplete] [--config-dir D] [--output FILE] [--base-url URL | --object-store SITE] [--manifest-only]",
  options: {
    tag: { type: "string" },
    results: { type: "string" },
    repo: { type: "string" },
    "allow-incomplete": { type: "boolean", default: false },
    "config-dir": { type: "string" },
    output: { type: "string", default: "manifest.json" },
    "base-url": { type: "string" },
    "object-store": { type: "string" },
    "manifest-only": { type: "boolean", default: false }
  },
  async run(values, _positionals, ctx) {
    const tag = values.tag;
    const results = values.results;
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
      configDir: values["config-dir"],
      logger: ctx.logger
    });
    const site = values["object-store"];
    const store = site ? await objectStore(site, sites, ctx) : baseUrl ? baseUrlStore(baseUrl) : void 0;
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
