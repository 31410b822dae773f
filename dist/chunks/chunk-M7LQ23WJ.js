import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  InputError
} from "./chunk-SXABORS3.js";

// src/plan/plan-outputs.ts
var MAX_OUTPUT_BYTES = 1e6 - 1024;
var bytes = (s) => Buffer.byteLength(s, "utf8");
function planOutputs(plan, maxBytes = MAX_OUTPUT_BYTES) {
  const matrix = JSON.stringify(plan.matrix);
  if (bytes(matrix) > maxBytes) {
    throw new InputError(
      `the build matrix is ${bytes(matrix)} bytes, more than GitHub's 1 MB per job output`,
      void 0,
      "plan fewer images per run (--since, or a list of images)"
    );
  }
  const { json, note } = imagesOutput(plan.images, maxBytes);
  return { matrix, images: json, any: String(plan.images.length > 0), notes: note ? [note] : [] };
}
function imagesOutput(images, maxBytes) {
  const full = JSON.stringify(images);
  if (bytes(full) <= maxBytes) return { json: full };
  const short = images.map(({ name, arch, key, group }) => ({ name, arch, key, group }));
  const json = JSON.stringify(short);
  const why = `the full entries would exceed GitHub's 1 MB per output; \`kiln plan\` prints them all`;
  if (bytes(json) <= maxBytes) {
    return {
      json,
      note: `the images output lists only name, arch, key and group of the ${images.length} planned images: ${why}`
    };
  }
  let used = 2;
  let fit = 0;
  while (fit < short.length && used + bytes(JSON.stringify(short[fit])) + (fit > 0 ? 1 : 0) <= maxBytes) {
    used += bytes(JSON.stringify(short[fit])) + (fit > 0 ? 1 : 0);
    fit++;
  }
  return {
    json: JSON.stringify(short.slice(0, fit)),
    note: `the images output holds the first ${fit} of the ${images.length} planned images (name, arch, key, group): ${why}`
  };
}

export {
  planOutputs
};
