import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  buildImages,
  buildProgress
} from "./chunk-YNZMH5EX.js";
import "./chunk-R6OYCWV6.js";
import "./chunk-FYLOGLWY.js";
import "./chunk-BUEB6AJG.js";
import "./chunk-MRTCZY3P.js";
import "./chunk-MRRHDCPP.js";
import "./chunk-MYAZNMLU.js";
import "./chunk-Q6HZ6XSG.js";
import "./chunk-OXDPUPIM.js";
import "./chunk-CFGK2IYR.js";
import "./chunk-6YP4CZUQ.js";
import "./chunk-Y5RLNFB6.js";
import "./chunk-MV7MNJMR.js";
import {
  listFlag
} from "./chunk-V4EEMMM5.js";
import "./chunk-PZVZ7HAU.js";
import "./chunk-OB3DAGZB.js";
import "./chunk-L77K23C6.js";
import "./chunk-UM724M6O.js";
import "./chunk-PX4DNTTS.js";
import "./chunk-5TRAMWJB.js";
import "./chunk-GU4XJBG7.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-E7RB4GAI.js";
import "./chunk-GTTBYWCY.js";
import "./chunk-VNYJLFTL.js";
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
  flags: {
    arch: [
      "ARCHS",
      "architectures to build (amd64, arm64; comma list or repeated; default each image's own)"
    ],
    threads: ["N", "run up to N builds at once (default 1)"],
    force: ["", "rebuild even when the build key is in the local build index; promote nothing"],
    output: ["DIR", "where each build lands as DIR/<name>/<arch>/ (default out)"],
    "promote-from": [
      "SITE",
      "take builds of the same key from these sites' Glance instead of building them (repeatable)"
    ],
    "config-dir": ["D", "folder of images.yaml, sites.yaml, third-party.yaml (default config/)"]
  },
  operands: { "IMAGE...": "images to build (their parents are built first when needed)" },
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
