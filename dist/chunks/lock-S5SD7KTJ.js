import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  run
} from "./chunk-SRPYJRT6.js";
import "./chunk-2RI5WXA3.js";
import {
  EXIT_OK,
  InputError
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/cli/commands/lock.ts
var lockCommand = {
  name: "lock",
  summary: "pin the branches of third-party.yaml to commits in third-party.lock.yaml",
  usage: "kiln lock [--update [NAME...]] [--config-dir D]",
  options: { update: { type: "boolean" }, "config-dir": { type: "string" } },
  flags: {
    update: ["", "move the pins of the named repositories (all without names) to their branch"],
    "config-dir": ["D", "folder of images.yaml, sites.yaml, third-party.yaml (default config/)"]
  },
  operands: { "NAME...": "with --update: the third-party repositories to move (default: all)" },
  async run(values, positionals, ctx) {
    const { lockBranches } = await import("./lock-branches-OZQDIFCB.js");
    const update = values.update ? positionals.length ? positionals : "all" : [];
    if (!values.update && positionals.length) {
      throw new InputError(
        `kiln lock: unexpected argument '${positionals[0]}'`,
        void 0,
        `usage: ${this.usage}`
      );
    }
    const changes = await lockBranches(
      { update },
      {
        cwd: ctx.cwd,
        env: ctx.env,
        configDir: values["config-dir"],
        runner: run,
        logger: ctx.logger
      }
    );
    for (const c of changes) {
      const how = c.was === void 0 ? "locked" : c.was === c.commit ? "unchanged" : `moved from ${c.was}`;
      ctx.stdout(`${c.name}: ${c.branch} at ${c.commit} (${how})
`);
    }
    if (changes.length === 0) ctx.stdout("no third-party repo follows a branch\n");
    return EXIT_OK;
  }
};
export {
  lockCommand
};
