import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  findResults
} from "./chunk-BLE43MUF.js";

// src/action/result-rows.ts
async function resultRows(dir, images, status) {
  const results = await findResults(dir);
  return results.filter((r) => images.length === 0 || images.includes(r.record.name)).map((r) => ({
    name: r.record.name,
    arch: r.record.arch,
    key: r.record.key,
    status,
    size: r.record.size,
    durationS: r.record.duration_s,
    sites: Object.fromEntries(r.published.map((p) => [p.site, p.image_id]))
  }));
}

export {
  resultRows
};
