import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  RECORD_FILE
} from "./chunk-MEIOC2ET.js";
import {
  ARCHES
} from "./chunk-YDNOFHPX.js";
import {
  InputError
} from "./chunk-SXABORS3.js";

// src/record/record-files.ts
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
var recordPos = (file) => ({ file, line: 1, col: 1 });
var REQUIRED = [
  "name",
  "arch",
  "key",
  "format",
  "file",
  "sha256",
  "sha512",
  "git_sha",
  "built_at"
];
var HEX = { sha256: /^[0-9a-f]{64}$/, sha512: /^[0-9a-f]{128}$/ };
var imageOfRecordPath = (path) => basename(dirname(dirname(path)));
async function listRecordFiles(dir, names, hint) {
  const paths = [];
  const walk = async (d) => {
    const entries = await readdir(d, { withFileTypes: true }).catch((err) => {
      if (d === dir && err.code === "ENOENT")
        throw new InputError(`folder ${dir} does not exist`, void 0, hint);
      throw err;
    });
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name === RECORD_FILE && (!names || names.includes(imageOfRecordPath(p)))) paths.push(p);
    }
  };
  await walk(dir);
  return paths.sort((a, b) => relative(dir, a).localeCompare(relative(dir, b)));
}
async function readRecordFile(path) {
  let raw;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new InputError(`not a valid build record: ${err.message}`, recordPos(path));
  }
  const missing = REQUIRED.filter((k) => typeof raw?.[k] !== "string" || !raw[k]);
  if (typeof raw?.size !== "number") missing.push("size");
  if (missing.length) throw new InputError(`build record lacks ${missing.join(", ")}`, recordPos(path));
  const record = raw;
  if (!ARCHES.includes(record.arch)) {
    throw new InputError(
      `build record has unknown arch '${record.arch}' (expected ${ARCHES.join(" or ")})`,
      recordPos(path)
    );
  }
  for (const algo of ["sha256", "sha512"]) {
    if (!HEX[algo].test(record[algo])) {
      throw new InputError(`build record's ${algo} is not a hex digest`, recordPos(path));
    }
  }
  if (isAbsolute(record.file) || record.file.split(/[\\/]/).some((part) => part === ".." || part === "")) {
    throw new InputError(
      `build record's file '${record.file}' must be a plain relative path inside the record's folder`,
      recordPos(path),
      "kiln build writes the image file beside record.json; rebuild rather than editing the record"
    );
  }
  const folder = basename(dirname(path));
  if (record.name !== imageOfRecordPath(path) || record.arch !== folder) {
    throw new InputError(
      `build record is for ${record.name} (${record.arch}) but sits in ${imageOfRecordPath(path)}/${folder}/`,
      recordPos(path),
      "records live at <name>/<arch>/record.json"
    );
  }
  return record;
}
async function recordImageFile(path, record) {
  const file = join(dirname(path), record.file);
  const real = await realpath(file).catch(() => void 0);
  if (!real) return void 0;
  const folder = await realpath(dirname(path));
  if (!real.startsWith(folder + sep)) {
    throw new InputError(
      `image file ${record.file} named by the build record leads outside the record's folder (to ${real})`,
      recordPos(path),
      "the image file must be a regular file beside record.json (a symlink may only point inside that folder)"
    );
  }
  return file;
}
async function readRecordWithImage(path) {
  const record = await readRecordFile(path);
  const file = await recordImageFile(path, record);
  const st = file ? await stat(file).catch(() => void 0) : void 0;
  if (!file || !st?.isFile()) {
    throw new InputError(`image file ${record.file} named by the build record is missing`, recordPos(path));
  }
  return { record, path, file, size: st.size };
}
function missingRecordErrors(paths, names, dir) {
  const present = new Set(paths.map(imageOfRecordPath));
  return names.filter((n) => !present.has(n)).map(
    (n) => new InputError(
      `no build record for '${n}' under ${dir}`,
      void 0,
      `expected ${n}/<arch>/${RECORD_FILE}; run kiln build ${n} first`
    )
  );
}
async function collectInputErrors(items, fn, errors) {
  const out = [];
  for (const item of items) {
    try {
      out.push(await fn(item));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push(err);
    }
  }
  return out;
}

export {
  recordPos,
  listRecordFiles,
  readRecordFile,
  recordImageFile,
  readRecordWithImage,
  missingRecordErrors,
  collectInputErrors
};
