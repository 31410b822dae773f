import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  collectInputErrors,
  listRecordFiles,
  readRecordFile,
  recordPos
} from "./chunk-KPS5XN2W.js";
import {
  InputError,
  InputErrors
} from "./chunk-SXABORS3.js";

// src/release/results.ts
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
var PUBLISH_FILE = /^publish-(.+)\.json$/;
async function readJson(path) {
  const text = await readFile(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`not valid JSON: ${err.message}`, recordPos(path));
  }
}
var str = (o, key) => typeof o[key] === "string" && o[key] ? o[key] : void 0;
function checkPublished(raw, path, siteFromName) {
  const o = raw ?? {};
  const image_id = str(o, "image_id");
  const image_name = str(o, "image_name");
  const cloud = str(o, "cloud");
  if (!image_id || !image_name || !cloud) {
    throw new InputError("not a kiln publish result: needs cloud, image_id and image_name", recordPos(path));
  }
  return {
    site: str(o, "site") ?? siteFromName,
    cloud,
    image_id,
    image_name,
    disk_format: str(o, "disk_format"),
    visibility: str(o, "visibility"),
    published_at: str(o, "published_at")
  };
}
async function findResults(root) {
  const errors = [];
  const results = await collectInputErrors(
    await listRecordFiles(root),
    async (path) => {
      const record = await readRecordFile(path);
      const dir = dirname(path);
      const published = [];
      for (const n of (await readdir(dir)).sort()) {
        const m = PUBLISH_FILE.exec(n);
        if (m) published.push(checkPublished(await readJson(join(dir, n)), join(dir, n), m[1]));
      }
      return { record, dir, path, published };
    },
    errors
  );
  if (errors.length) throw new InputErrors(errors);
  return results;
}
var buildId = (name, arch) => `${name} (${arch})`;

export {
  findResults,
  buildId
};
