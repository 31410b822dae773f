import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  testImages
} from "./chunk-T5GQBJLL.js";
import "./chunk-JTVS32PB.js";
import "./chunk-KV5WP3WD.js";
import "./chunk-YU4BCPTU.js";
import "./chunk-MEIOC2ET.js";
import {
  invocation,
  testDeps
} from "./chunk-EF6PQXA6.js";
import "./chunk-IZ24G5OD.js";
import "./chunk-H2N2AFCW.js";
import {
  loadConfig
} from "./chunk-PUPMCPPH.js";
import "./chunk-DJTE6M5J.js";
import "./chunk-PULXAN4K.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-SRPYJRT6.js";
import "./chunk-UW7J5A5E.js";
import "./chunk-YDMM63TT.js";
import "./chunk-2RI5WXA3.js";
import "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
import {
  InputError
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/cli/commands/test.ts
import { resolve } from "node:path";
var USAGE = "kiln test IMAGE... [--output DIR] [--config-dir D]";
var testCommand = {
  name: "test",
  summary: "check built images (qemu-img, required/forbidden files) and boot them in qemu",
  usage: USAGE,
  options: {
    output: { type: "string" },
    "config-dir": { type: "string" }
  },
  flags: {
    output: ["DIR", "where the builds' records are, as kiln build wrote them (default out)"],
    "config-dir": ["D", "folder of images.yaml, sites.yaml, third-party.yaml (default config/)"]
  },
  operands: { "IMAGE...": "images whose build records to check and boot" },
  async run(values, positionals, ctx) {
    if (positionals.length === 0) {
      throw new InputError("kiln test: name at least one image", void 0, `usage: ${USAGE}`);
    }
    const config = await loadConfig({
      cwd: ctx.cwd,
      env: ctx.env,
      configDir: values["config-dir"]
    });
    const outcomes = await testImages(
      { names: positionals, output: resolve(ctx.cwd, values.output ?? "out") },
      testDeps(invocation(ctx), config)
    );
    for (const o of outcomes) {
      ctx.stdout(`${o.name}	${o.arch}	${o.result.status}	${o.result.details.split("\n")[0]}
`);
    }
    return outcomes.some((o) => o.result.status === "failed") ? 1 : 0;
  }
};
export {
  testCommand
};
