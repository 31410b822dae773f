#!/usr/bin/env node
import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  READS_PROJECT
} from "./chunks/chunk-HFNVR56B.js";
import {
  startReadAhead
} from "./chunks/chunk-IZ24G5OD.js";
import "./chunks/chunk-UW7J5A5E.js";
import "./chunks/chunk-YDMM63TT.js";
import "./chunks/chunk-NRF5ZCPO.js";

// src/cli/index.ts
import { resolve } from "node:path";
if (READS_PROJECT.has(process.argv[2] ?? "")) startReadAhead(resolve(process.cwd()));
var { main } = await import("./chunks/main-UBEHB2AB.js");
var controller = new AbortController();
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  });
}
process.exitCode = await main(process.argv.slice(2), { signal: controller.signal });
