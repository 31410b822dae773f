import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  WorldError
} from "./chunk-SXABORS3.js";

// src/image-build/driver-run.ts
import { readFile } from "node:fs/promises";
var CREDENTIAL_NAME = /(^|_)(PASSWORD|PASSWD|PASS|SECRET|TOKEN|CREDENTIALS?|PRIVATE_KEY|API_KEY|ACCESS_KEY)(_|$)/i;
function withoutCredentials(env) {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !CREDENTIAL_NAME.test(k)));
}
function builderFailure(program, name, arch, res, run) {
  const how = res.signal ? `was stopped by ${res.signal}` : `exited with status ${res.code}`;
  return new WorldError({
    doing: `building ${name} (${arch})`,
    answer: `${program} ${how}; full log: ${run.logFile}`
  });
}
async function logTail(path, lines = 40) {
  const text = await readFile(path, "utf8").catch(() => "");
  return text.replace(/\n+$/, "").split("\n").slice(-lines).join("\n");
}

export {
  withoutCredentials,
  builderFailure,
  logTail
};
