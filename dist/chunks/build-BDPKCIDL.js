import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  listFlag
} from "./chunk-V4EEMMM5.js";
import {
  buildProgress
} from "./chunk-MCP5R5FK.js";
import {
  buildImages
} from "./chunk-KLT6WLSU.js";
import "./chunk-IBFGSWZT.js";
import "./chunk-YU4BCPTU.js";
import "./chunk-BUEB6AJG.js";
import "./chunk-674CPF5Y.js";
import "./chunk-URRJLXEV.js";
import "./chunk-IKT77LZZ.js";
import "./chunk-PZVZ7HAU.js";
import "./chunk-MEIOC2ET.js";
import "./chunk-ME62NV6M.js";
import "./chunk-QCR5QIMH.js";
import "./chunk-BPPNOVBD.js";
import "./chunk-6DYCFFVP.js";
import "./chunk-M5NCGYPU.js";
import {
  buildDeps,
  invocation,
  loadProject
} from "./chunk-EF6PQXA6.js";
import "./chunk-MV7MNJMR.js";
import "./chunk-IZ24G5OD.js";
import "./chunk-ER67HBBX.js";
import "./chunk-H2N2AFCW.js";
import "./chunk-PUPMCPPH.js";
import "./chunk-DJTE6M5J.js";
import "./chunk-PULXAN4K.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-SRPYJRT6.js";
import "./chunk-UW7J5A5E.js";
import "./chunk-YDMM63TT.js";
import "./chunk-2RI5WXA3.js";
import "./chunk-RUOB6ALG.js";
import "./chunk-32GN4VEV.js";
import "./chunk-B5AUNYM4.js";
import "./chunk-MJHFF3BW.js";
import "./chunk-ZTSW2VJH.js";
import "./chunk-CEQ3CRBZ.js";
import "./chunk-BDGH5S5U.js";
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
    if (positionals.length === 0)
      throw new InputError("kiln build: name at least one image", void 0, `usage: ${USAGE}`);
    const inActions = ctx.env.GITHUB_ACTIONS === "true";
    const stderr = (t) => void process.stderr.write(t);
    const logger = inActions ? actionsGroups(ctx.logger, stderr) : ctx.logger;
    const tty = !inActions && process.stderr.isTTY ? { write: stderr, columns: process.stderr.columns } : void 0;
    const project = await loadProject({
      cwd: ctx.cwd,
      env: ctx.env,
      configDir: values["config-dir"]
    });
    const result = await buildImages(
      {
        images: positionals,
        arches: listFlag(values.arch),
        output: resolve(ctx.cwd, values.output ?? "out"),
        slots,
        force: values.force === true,
        // `--promote-from 'a b'` as a workflow variable often spells a list: spaces separate too.
        promoteFrom: listFlag(values["promote-from"]).flatMap((s) => s.split(/\s+/)).filter(Boolean)
      },
      await buildDeps(invocation({ ...ctx, logger }), project, { progress: buildProgress({ logger, tty }) })
    );
    ctx.stdout(result.summary + "\n");
    return result.exitCode;
  }
};
export {
  buildCommand
};
