import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  testImages
} from "./chunk-2O2FWW7K.js";
import "./chunk-KV5WP3WD.js";
import "./chunk-KPS5XN2W.js";
import "./chunk-Y5RLNFB6.js";
import "./chunk-VNYJLFTL.js";
import {
  loadConfig
} from "./chunk-7LVAP3ZD.js";
import "./chunk-4GIADRCJ.js";
import "./chunk-BDAQBW24.js";
import "./chunk-LSNICYBZ.js";
import {
  run
} from "./chunk-YO3QHAM6.js";
import "./chunk-YDNOFHPX.js";
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
      {
        names: positionals,
        output: resolve(ctx.cwd, values.output ?? "out"),
        config
      },
      { runner: run, logger: ctx.logger, env: ctx.env, signal: ctx.signal }
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
