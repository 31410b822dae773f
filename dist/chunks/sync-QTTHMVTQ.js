import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  listFlag
} from "./chunk-V4EEMMM5.js";
import {
  loadManifest,
  sync,
  syncFailures
} from "./chunk-FCHNLPGP.js";
import "./chunk-EIF5TCFJ.js";
import "./chunk-L3BPCSN2.js";
import "./chunk-2JQ43Z2F.js";
import "./chunk-BLE43MUF.js";
import "./chunk-JTVS32PB.js";
import "./chunk-XW7PKT2X.js";
import "./chunk-674CPF5Y.js";
import "./chunk-URRJLXEV.js";
import "./chunk-IKT77LZZ.js";
import "./chunk-PZVZ7HAU.js";
import "./chunk-MEIOC2ET.js";
import "./chunk-6DYCFFVP.js";
import "./chunk-M5NCGYPU.js";
import {
  invocation,
  syncDeps
} from "./chunk-EF6PQXA6.js";
import "./chunk-IZ24G5OD.js";
import "./chunk-H2N2AFCW.js";
import "./chunk-PUPMCPPH.js";
import "./chunk-DJTE6M5J.js";
import "./chunk-PULXAN4K.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-SRPYJRT6.js";
import "./chunk-UW7J5A5E.js";
import "./chunk-YDMM63TT.js";
import {
  SIGNING_KEY_ENV
} from "./chunk-2RI5WXA3.js";
import "./chunk-B5AUNYM4.js";
import "./chunk-MJHFF3BW.js";
import "./chunk-ZTSW2VJH.js";
import "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
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
  flags: {
    manifest: ["URL|FILE", "the release's manifest.json"],
    cloud: ["C", "the clouds.yaml entry of the cloud to sync into"],
    "disk-format": ["F", "convert the images to this disk format (default the manifest's)"],
    visibility: ["V", "community (default), public, private or shared"],
    only: ["NAME", "only these manifest entries (comma list or repeated)"],
    "work-dir": ["D", "where downloads are kept while they are checked (default the temp folder)"],
    "dry-run": ["", "say what would be uploaded; change nothing"]
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
    const deps = await syncDeps(invocation(ctx), cloud, ctx.env[SIGNING_KEY_ENV]);
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
      deps
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
