import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  listFlag
} from "./chunk-V4EEMMM5.js";
import {
  invocation,
  loadProject,
  planDeps
} from "./chunk-EF6PQXA6.js";
import {
  mermaidGraph
} from "./chunk-Y6THQUYM.js";
import "./chunk-IZ24G5OD.js";
import "./chunk-H2N2AFCW.js";
import "./chunk-PUPMCPPH.js";
import "./chunk-DJTE6M5J.js";
import "./chunk-PULXAN4K.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-SRPYJRT6.js";
import "./chunk-UW7J5A5E.js";
import "./chunk-YDMM63TT.js";
import "./chunk-2RI5WXA3.js";
import {
  planOutputs
} from "./chunk-M7LQ23WJ.js";
import "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
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
  const out = planOutputs(plan);
  return [`matrix=${out.matrix}`, `images=${out.images}`, `any=${out.any}`].join("\n") + "\n";
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
  usage: "kiln plan [IMAGE...] [-a amd64,arm64] [--since GIT_REF] [--explain IMAGE[:ARCH]] [--format json|table|github|mermaid] [--config-dir D]",
  options: {
    arch: { type: "string", short: "a", multiple: true },
    since: { type: "string" },
    format: { type: "string" },
    explain: { type: "string" },
    "config-dir": { type: "string" }
  },
  flags: {
    arch: [
      "ARCHS",
      "only these architectures (amd64, arm64; comma list or repeated; default each image's own)"
    ],
    since: [
      "GIT_REF",
      "only images whose build key changed since this commit, branch or tag, and their descendants"
    ],
    explain: [
      "IMAGE[:ARCH]",
      "print every input of that build key with its digest, grouped (text; json with --format json)"
    ],
    format: ["F", "json (default), table, github (lines for $GITHUB_OUTPUT) or mermaid (the image graph)"],
    "config-dir": ["D", "folder of images.yaml, sites.yaml, third-party.yaml (default config/)"]
  },
  operands: { "IMAGE...": "images to plan, with the parents they need (default every image)" },
  async run(values, positionals, ctx) {
    const format = values.format ?? "json";
    if (!PLAN_FORMATS.includes(format)) {
      throw new InputError(
        `kiln plan: unknown format '${format}'`,
        void 0,
        `use ${PLAN_FORMATS.join(", ")}`
      );
    }
    const planning = import("./plan-builds-H7RYU5EW.js");
    const project = await loadProject({
      cwd: ctx.cwd,
      env: ctx.env,
      configDir: values["config-dir"]
    });
    if (values.explain !== void 0) {
      const { explainKey, formatExplanation } = await import("./explain-PBF5S6PH.js");
      const explanation = await explainKey(values.explain, project);
      ctx.stdout(
        values.format === "json" ? JSON.stringify(explanation, null, 2) + "\n" : formatExplanation(explanation)
      );
      return 0;
    }
    const { planBuilds } = await planning;
    const plan = await planBuilds(
      { images: positionals, arches: listFlag(values.arch), since: values.since },
      planDeps(invocation(ctx), project)
    );
    if (format === "github") {
      const { planOutputs: planOutputs2 } = await import("./plan-outputs-4QZOP65J.js");
      for (const note of planOutputs2(plan).notes) ctx.logger.warn(note);
    }
    ctx.stdout(formatPlan(plan, format));
    return 0;
  }
};
export {
  planCommand
};
