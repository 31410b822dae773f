import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  listFlag
} from "./chunk-3FF4J5HD.js";
import {
  buildImages,
  buildProgress
} from "./chunk-GYNGBPMA.js";
import "./chunk-OXDPUPIM.js";
import "./chunk-BAZRQVPR.js";
import "./chunk-Y5RLNFB6.js";
import "./chunk-3FICD6WR.js";
import "./chunk-3BWN3CNQ.js";
import "./chunk-XX4E3S4Z.js";
import "./chunk-UZHLO6E5.js";
import "./chunk-VNYJLFTL.js";
import "./chunk-YDNOFHPX.js";
import {
  InputError
} from "./chunk-6ZOG3UT5.js";
import "./chunk-NRF5ZCPO.js";

// src/cli/commands/build.ts
import { resolve } from "node:path";
var USAGE = "kiln build IMAGE... [-a ARCHS] [-t N] [-f|--force] [--output DIR] [--config-dir D]";
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
