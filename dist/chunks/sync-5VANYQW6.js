import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  loadManifest,
  sync,
  syncFailures
} from "./chunk-GKYOOUP5.js";
import "./chunk-IP6TO5IC.js";
import "./chunk-C62FGXBY.js";
import "./chunk-B5HWJ4DE.js";
import "./chunk-4AT3T5VO.js";
import {
  connectGlance,
  resolveCloud
} from "./chunk-BZTLKY6W.js";
import "./chunk-CV4SHINA.js";
import "./chunk-XW5F6YFG.js";
import "./chunk-KPS5XN2W.js";
import "./chunk-Y5RLNFB6.js";
import "./chunk-XW7PKT2X.js";
import "./chunk-PZVZ7HAU.js";
import {
  listFlag
} from "./chunk-TSWROZJV.js";
import "./chunk-VNYJLFTL.js";
import "./chunk-BDAQBW24.js";
import {
  run
} from "./chunk-YO3QHAM6.js";
import "./chunk-YDNOFHPX.js";
import {
  EXIT_FAILURE,
  EXIT_OK,
  InputError
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/cli/commands/sync.ts
import { tmpdir } from "node:os";
import { resolve } from "node:path";
var VISIBILITIES = ["community", "public", "private", "shared"];
var syncCommand = {
  name: "sync",
  summary: "bring a release manifest's images into a cloud (skip present, verify, convert, upload)",
  usage: "kiln sync --manifest URL|FILE --cloud C [--disk-format F] [--visibility community|public|private|shared] [--only NAME]... [--work-dir D] [--dry-run]",
  options: {
    manifest: { type: "string" },
    cloud: { type: "string" },
    "disk-format": { type: "string" },
    visibility: { type: "string", default: "community" },
    only: { type: "string", multiple: true },
    "work-dir": { type: "string" },
    "dry-run": { type: "boolean", default: false }
  },
  async run(values, _positionals, ctx) {
    const source = values.manifest;
    const cloud = values.cloud;
    if (!source || !cloud)
      throw new InputError(
        "kiln sync: --manifest and --cloud are required",
        void 0,
        `usage: ${this.usage}`
      );
    const visibility = values.visibility;
    if (!VISIBILITIES.includes(visibility)) {
      throw new InputError(
        `kiln sync: unknown visibility '${visibility}'`,
        void 0,
        `use ${VISIBILITIES.join(", ")}`
      );
    }
    const manifest = await loadManifest(source, ctx.cwd, ctx.signal);
    resolveCloud({ cloud, env: ctx.env, cwd: ctx.cwd });
    const glance = await connectGlance({ cloud, env: ctx.env, cwd: ctx.cwd, logger: ctx.logger });
    const outcomes = await sync(
      {
        manifest,
        source,
        only: listFlag(values.only),
        diskFormat: values["disk-format"],
        visibility,
        dryRun: values["dry-run"],
        workDir: resolve(ctx.cwd, values["work-dir"] ?? tmpdir())
      },
      { glance, runner: run, logger: ctx.logger, signal: ctx.signal }
    );
    ctx.stdout(JSON.stringify(outcomes, null, 2) + "\n");
    const failures = syncFailures(outcomes);
    if (failures) ctx.logger.error(failures);
    return failures ? EXIT_FAILURE : EXIT_OK;
  }
};
export {
  syncCommand
};
