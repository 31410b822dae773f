import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  loadProject
} from "./chunk-EF6PQXA6.js";
import "./chunk-IZ24G5OD.js";
import {
  keyConfig
} from "./chunk-ER67HBBX.js";
import "./chunk-H2N2AFCW.js";
import "./chunk-PUPMCPPH.js";
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
  EXIT_OK,
  InputError
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/cli/commands/validate.ts
var validateCommand = {
  name: "validate",
  summary: "check config/images.yaml, sites.yaml and third-party.yaml; list every problem",
  usage: "kiln validate [--config-dir D]",
  options: { "config-dir": { type: "string" } },
  flags: {
    "config-dir": ["D", "folder of images.yaml, sites.yaml, third-party.yaml (default config/)"]
  },
  async run(values, positionals, ctx) {
    if (positionals.length) {
      throw new InputError(
        `kiln validate: unexpected argument '${positionals[0]}'`,
        void 0,
        `usage: ${this.usage}`
      );
    }
    const project = await loadProject({
      cwd: ctx.cwd,
      env: ctx.env,
      configDir: values["config-dir"]
    });
    const { config } = await keyConfig(project.config, project.source);
    for (const w of config.warnings ?? []) ctx.logger.warn(w.message + (w.hint ? ` (${w.hint})` : ""), w.pos);
    const images = [...config.images.values()];
    const builds = images.reduce((n, i) => n + i.architectures.length, 0);
    const count = (n, what) => `${n} ${what}${n === 1 ? "" : "s"}`;
    ctx.stdout(
      `config ok: ${count(images.length, "image")} (${count(builds, "build")} across architectures), ${count(config.sites.size, "site")}, ${count(config.thirdParty.size, "third-party repo")}
`
    );
    return EXIT_OK;
  }
};
export {
  validateCommand
};
