import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  publish
} from "./chunk-CZZQBMU5.js";
import "./chunk-T2QRH4EB.js";
import "./chunk-C62FGXBY.js";
import "./chunk-B5HWJ4DE.js";
import {
  connectGlance
} from "./chunk-BZTLKY6W.js";
import "./chunk-CV4SHINA.js";
import "./chunk-KPS5XN2W.js";
import "./chunk-Y5RLNFB6.js";
import "./chunk-PZVZ7HAU.js";
import {
  listFlag
} from "./chunk-TSWROZJV.js";
import "./chunk-VNYJLFTL.js";
import {
  loadConfig
} from "./chunk-7LVAP3ZD.js";
import "./chunk-4GIADRCJ.js";
import "./chunk-BDAQBW24.js";
import {
  cacheDir
} from "./chunk-LSNICYBZ.js";
import {
  run
} from "./chunk-YO3QHAM6.js";
import "./chunk-YDNOFHPX.js";
import {
  InputError
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/cli/commands/publish.ts
import { resolve } from "node:path";
var USAGE = "kiln publish IMAGE... [--site S]... [--from DIR] [--dry-run] [--swap all|per-site] [--config-dir D]";
var SWAP_MODES = ["all", "per-site"];
var publishCommand = {
  name: "publish",
  summary: "publish built images to their Glance sites (staging, verify, archive-and-rename)",
  usage: USAGE,
  options: {
    site: { type: "string", multiple: true },
    from: { type: "string" },
    "dry-run": { type: "boolean" },
    swap: { type: "string" },
    "config-dir": { type: "string" }
  },
  async run(values, positionals, ctx) {
    if (positionals.length === 0)
      throw new InputError("kiln publish: name at least one image", void 0, `usage: ${USAGE}`);
    const swap = values.swap ?? "all";
    if (!SWAP_MODES.includes(swap)) {
      throw new InputError(
        `kiln publish: --swap must be ${SWAP_MODES.join(" or ")}, not '${String(values.swap)}'`
      );
    }
    const config = await loadConfig({
      cwd: ctx.cwd,
      env: ctx.env,
      configDir: values["config-dir"]
    });
    const dryRun = values["dry-run"] === true;
    const results = await publish(
      {
        images: positionals,
        sites: listFlag(values.site),
        from: resolve(ctx.cwd, values.from ?? "out"),
        dryRun,
        swap
      },
      {
        config,
        connect: (site) => connectGlance({
          cloud: site.cloud,
          label: `site ${site.name} (cloud ${site.cloud})`,
          env: ctx.env,
          cwd: ctx.cwd,
          logger: ctx.logger
        }),
        runner: run,
        logger: ctx.logger,
        cacheDir: cacheDir(ctx.env, config.root),
        now: () => /* @__PURE__ */ new Date(),
        print: (line) => ctx.stdout(`${line}
`),
        signal: ctx.signal
      }
    );
    for (const r of results) {
      const archived = r.archived ? `, archived ${r.archived.id} as ${r.archived.name}` : "";
      ctx.stdout(`${r.site}	${r.image_name}	${r.image_id}	${r.status}${archived}
`);
    }
    return 0;
  }
};
export {
  publishCommand
};
