import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  digestFile
} from "./chunk-IKT77LZZ.js";
import {
  runChecked
} from "./chunk-SRPYJRT6.js";
import {
  WorldError
} from "./chunk-SXABORS3.js";

// src/image-build/make-record.ts
import { basename } from "node:path";
async function makeRecord(input, runner) {
  const [digest, virtual] = await Promise.all([
    digestFile(input.imagePath),
    virtualSize(runner, input.imagePath)
  ]);
  return {
    name: input.name,
    arch: input.arch,
    key: input.key,
    builder: input.builder,
    builder_version: input.builder_version,
    format: input.format,
    file: basename(input.imagePath),
    size: digest.size,
    virtual_size: virtual,
    sha256: digest.sha256,
    sha512: digest.sha512,
    git_sha: input.git_sha,
    ...input.build_url ? { build_url: input.build_url } : {},
    built_at: input.built_at.toISOString(),
    duration_s: Math.round(input.duration_s * 10) / 10
  };
}
var GLANCE_FORMAT = { vpc: "vhd" };
async function virtualSize(runner, path) {
  return (await imageInfo(runner, path)).virtualSize;
}
async function imageInfo(runner, path) {
  const res = await runChecked(runner, "qemu-img", ["info", "--output", "json", path], {
    doing: "reading the disk format and virtual size of",
    target: path
  });
  const info = JSON.parse(res.stdout);
  const size = info["virtual-size"];
  if (typeof size !== "number" || typeof info.format !== "string") {
    throw new WorldError({
      doing: "reading the disk format and virtual size of",
      target: path,
      answer: "qemu-img reported none"
    });
  }
  return { diskFormat: GLANCE_FORMAT[info.format] ?? info.format, virtualSize: size };
}
async function gitHead(runner, root) {
  try {
    const res = await runner("git", ["rev-parse", "--verify", "HEAD"], { cwd: root });
    const sha = res.stdout.trim();
    return res.code === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : "unknown";
  } catch {
    return "unknown";
  }
}

export {
  makeRecord,
  virtualSize,
  imageInfo,
  gitHead
};
