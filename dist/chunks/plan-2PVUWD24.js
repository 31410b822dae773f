import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  actionInvocation
} from "./chunk-E7FKK6SQ.js";
import {
  loadProject,
  planDeps
} from "./chunk-EF6PQXA6.js";
import {
  mermaidGraph
} from "./chunk-Y6THQUYM.js";
import "./chunk-JDJ7YIXR.js";
import "./chunk-IZ24G5OD.js";
import {
  planBuilds
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
import {
  planOutputs
} from "./chunk-M7LQ23WJ.js";
import "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
import "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/action/commands/plan.ts
function withRunnerLabels(matrix, labels) {
  return { include: matrix.include.map((m) => ({ ...m, runner: labels[m.arch] ?? m.runner })) };
}
var planAction = async (ctx) => {
  const { inputs, logger } = ctx;
  const inv = actionInvocation(ctx);
  const project = await loadProject({ cwd: inv.cwd, env: inv.env, configDir: inputs.configDir });
  const plan = await planBuilds(
    { images: inputs.images, arches: inputs.architectures, since: inputs.since },
    planDeps(inv, project)
  );
  const matrix = withRunnerLabels(plan.matrix, inputs.runnerLabels);
  const outputs = planOutputs({ ...plan, matrix });
  for (const note of outputs.notes) logger.warn(note);
  const jobs = matrix.include.map(
    (m) => `- \`${m.group}\` (${m.arch}) on \`${m.runner.join(", ")}\`: ${m.images}`
  );
  return {
    outputs: {
      ["matrix" /* Matrix */]: outputs.matrix,
      ["images" /* Images */]: outputs.images,
      ["has-images" /* HasImages */]: outputs.any
    },
    summary: {
      title: "kiln plan",
      notes: [
        inputs.since ? `Images whose build key changed since \`${inputs.since}\` (and what depends on them).` : "All images.",
        ...jobs.length > 0 ? [`Build jobs:
${jobs.join("\n")}`] : ["Nothing to build."],
        ...[...plan.notes ?? [], ...outputs.notes].map((n) => `> ${n}`)
      ],
      rows: plan.images.map((p) => ({
        name: p.name,
        arch: p.arch,
        key: p.key,
        status: "planned",
        detail: p.reason
      })),
      graph: plan.images.length > 0 ? mermaidGraph(plan) : void 0
    }
  };
};
export {
  planAction
};
