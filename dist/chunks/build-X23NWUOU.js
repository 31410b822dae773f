import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  buildImages,
  buildProgress
} from "./chunk-JSVKL7RZ.js";
import "./chunk-T2QRH4EB.js";
import "./chunk-IP6TO5IC.js";
import "./chunk-B5HWJ4DE.js";
import "./chunk-BZTLKY6W.js";
import "./chunk-CV4SHINA.js";
import "./chunk-Y5RLNFB6.js";
import "./chunk-MV7MNJMR.js";
import {
  listFlag
} from "./chunk-TSWROZJV.js";
import "./chunk-VNYJLFTL.js";
import "./chunk-H7SX73YT.js";
import "./chunk-7LVAP3ZD.js";
import "./chunk-4GIADRCJ.js";
import "./chunk-BDAQBW24.js";
import "./chunk-BQA56IP2.js";
import "./chunk-LSNICYBZ.js";
import "./chunk-YO3QHAM6.js";
import "./chunk-YDNOFHPX.js";
import {
  InputError
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/cli/commands/build.ts
import { resolve } from "node:path";
var USAGE = "kiln build IMAGE... [-a ARCHS] [-t N] [-f|--force] [--output DIR] [--promote-from SITE]... [--config-dir D]";
function actionsGroups(logger, write) {
  return {
    ...logger,
    async group(title, fn) {
      write(`::group::${title}
`);
      try {
        return await fn();
      } finally {
        write("::endgroup::\n");
      }
    }
  };
}
var buildCommand = {
  name: "build",
  summary: "build images with DIB or Packer (parents first, unchanged keys reused)",
  usage: USAGE,
  options: {
    arch: { type: "string", short: "a", multiple: true },
    threads: { type: "string", short: "t" },
    force: { type: "boolean", short: "f" },
    output: { type: "string" },
    "promote-from": { type: "string", multiple: true },
    "config-dir": { type: "string" }
  },
  async run(values, positionals, ctx) {
    const slots = values.threads === void 0 ? 1 : Number(values.threads);
    if (!Number.isInteger(slots) || slots < 1) {
      throw new InputError(`kiln build: -t wants a whole number of builds at once, got '${values.threads}'`);
    }
    const inActions = ctx.env.GITHUB_ACTIONS === "true";
    const stderr = (t) => void process.stderr.write(t);
    const logger = inActions ? actionsGroups(ctx.logger, stderr) : ctx.logger;
    const tty = !inActions && process.stderr.isTTY ? { write: stderr, columns: process.stderr.columns } : void 0;
    const result = await buildImages({
      cwd: ctx.cwd,
      env: ctx.env,
      configDir: values["config-dir"],
      images: positionals,
      arches: listFlag(values.arch),
      output: resolve(ctx.cwd, values.output ?? "out"),
      slots,
      force: values.force === true,
      // `--promote-from 'a b'` as a workflow variable often spells a list: spaces separate too.
      promoteFrom: listFlag(values["promote-from"]).flatMap((s) => s.split(/\s+/)).filter(Boolean),
      logger,
      signal: ctx.signal,
      progress: buildProgress({ logger, tty })
    });
    ctx.stdout(result.summary + "\n");
    return result.exitCode;
  }
};
export {
  buildCommand
};
