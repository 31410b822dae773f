import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/record/record.ts
import { rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
var RECORD_FILE = "record.json";
function recordDir(dir, name, arch) {
  return join(dir, name, arch);
}
async function writeRecord(dir, record) {
  const path = join(dir, RECORD_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(record, null, 2) + "\n");
  await rename(tmp, path);
  return path;
}

export {
  RECORD_FILE,
  recordDir,
  writeRecord
};
