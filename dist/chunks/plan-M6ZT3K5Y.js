import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  mermaidGraph
} from "./chunk-Y6THQUYM.js";
import "./chunk-JDJ7YIXR.js";
import {
  planBuilds
} from "./chunk-OB3DAGZB.js";
import "./chunk-L77K23C6.js";
import "./chunk-UM724M6O.js";
import "./chunk-PX4DNTTS.js";
import "./chunk-5TRAMWJB.js";
import "./chunk-GU4XJBG7.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-E7RB4GAI.js";
import "./chunk-GTTBYWCY.js";
import "./chunk-VNYJLFTL.js";
import {
  planOutputs
} from "./chunk-5WOQGY3E.js";
import "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/action/commands/plan.ts
function withRunners(matrix, runners) {
  return { include: matrix.include.map((m) => ({ ...m, runner: runners[m.arch] ?? m.runner })) };
}
var planAction = async ({ inputs, logger, env, runner }) => {
  const plan = await planBuilds({
    cwd: inputs.root,
    env,
    configDir: inputs.configDir,
    images: inputs.images,
    arches: inputs.architectures,
    since: inputs.since,
    logger,
    runner
  });
  const matrix = withRunners(plan.matrix, inputs.runners);
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
  planAction,
  withRunners
};
