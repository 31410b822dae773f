import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  listFlag
} from "./chunk-V4EEMMM5.js";
import {
  publish
} from "./chunk-PSHB3XKR.js";
import "./chunk-VWCB7QRI.js";
import "./chunk-EIF5TCFJ.js";
import "./chunk-L3BPCSN2.js";
import "./chunk-JTVS32PB.js";
import "./chunk-IKT77LZZ.js";
import "./chunk-PZVZ7HAU.js";
import "./chunk-MEIOC2ET.js";
import "./chunk-BPPNOVBD.js";
import "./chunk-6DYCFFVP.js";
import {
  invocation,
  publishDeps
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
import "./chunk-ZTSW2VJH.js";
import "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
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
  flags: {
    site: ["S", "only these sites (comma list or repeated; default every site the image selects)"],
    from: ["DIR", "where the build records are (default out)"],
    "dry-run": ["", "read what Glance holds and say what would change; change nothing"],
    swap: ["MODE", "all (default: rename only once every site has a verified staging image) or per-site"],
    "config-dir": ["D", "folder of images.yaml, sites.yaml, third-party.yaml (default config/)"]
  },
  operands: { "IMAGE...": "images whose builds to publish" },
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
      await publishDeps(invocation(ctx), config, { print: (line) => ctx.stdout(`${line}
`) })
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
