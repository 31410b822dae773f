import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  listFlag
} from "./chunk-TSWROZJV.js";
import {
  mermaidGraph
} from "./chunk-Y6THQUYM.js";
import {
  readAheadWorkTree
} from "./chunk-BQA56IP2.js";
import "./chunk-LSNICYBZ.js";
import {
  InputError
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/plan/format.ts
var PLAN_FORMATS = ["json", "table", "github", "mermaid"];
function formatPlan(plan, format) {
  switch (format) {
    case "json":
      return JSON.stringify(plan, null, 2) + "\n";
    case "github":
      return githubOutput(plan);
    case "mermaid":
      return mermaidGraph(plan);
    case "table":
      return table(plan);
  }
}
function githubOutput(plan) {
  return [
    `matrix=${JSON.stringify(plan.matrix)}`,
    `images=${JSON.stringify(plan.images)}`,
    `any=${plan.images.length > 0}`
  ].join("\n") + "\n";
}
function table(plan) {
  const notes = (plan.notes ?? []).map((n) => `note: ${n}`);
  if (plan.images.length === 0) return ["nothing to build", ...notes].join("\n") + "\n";
  const rows = [
    ["IMAGE", "ARCH", "BUILDER", "REASON", "GROUP", "KEY"],
    ...plan.images.map((p) => [p.name, p.arch, p.builder, p.reason ?? "", p.group, p.key.slice(0, 12)])
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const jobs = plan.matrix.include.map(
    (m) => `  ${m.group} (${m.arch}) on [${m.runner.join(", ")}]: ${m.images}`
  );
  const count = (n, what) => `${n} ${what}${n === 1 ? "" : "s"}`;
  return [
    ...rows.map(
      (r) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()
    ),
    "",
    `${count(plan.images.length, "build")} in ${count(plan.matrix.include.length, "job")}:`,
    ...jobs,
    ...notes
  ].join("\n") + "\n";
}

// src/cli/commands/plan.ts
var planCommand = {
  name: "plan",
  summary: "list the images to build (with build keys) and the GitHub matrix",
  usage: "kiln plan [IMAGE...] [-a amd64,arm64] [--since GIT_REF] [--format json|table|github|mermaid] [--config-dir D]",
  options: {
    arch: { type: "string", short: "a", multiple: true },
    since: { type: "string" },
    format: { type: "string", default: "json" },
    "config-dir": { type: "string" }
  },
  async run(values, positionals, ctx) {
    const format = values.format;
    if (!PLAN_FORMATS.includes(format)) {
      throw new InputError(
        `kiln plan: unknown format '${format}'`,
        void 0,
        `use ${PLAN_FORMATS.join(", ")}`
      );
    }
    const workTree = readAheadWorkTree(ctx.cwd);
    const { planBuilds } = await import("./plan-builds-G4Y7BDTM.js");
    const plan = await planBuilds({
      workTree,
      cwd: ctx.cwd,
      env: ctx.env,
      configDir: values["config-dir"],
      images: positionals,
      arches: listFlag(values.arch),
      since: values.since,
      logger: ctx.logger
    });
    ctx.stdout(formatPlan(plan, format));
    return 0;
  }
};
export {
  planCommand
};
