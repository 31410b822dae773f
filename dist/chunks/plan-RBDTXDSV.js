import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import "./chunk-JDJ7YIXR.js";
import {
  mermaidGraph
} from "./chunk-Y6THQUYM.js";
import {
  planBuilds
} from "./chunk-H7SX73YT.js";
import "./chunk-7LVAP3ZD.js";
import "./chunk-4GIADRCJ.js";
import "./chunk-BDAQBW24.js";
import "./chunk-BQA56IP2.js";
import "./chunk-LSNICYBZ.js";
import "./chunk-YO3QHAM6.js";
import "./chunk-YDNOFHPX.js";
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
  const jobs = matrix.include.map(
    (m) => `- \`${m.group}\` (${m.arch}) on \`${m.runner.join(", ")}\`: ${m.images}`
  );
  return {
    outputs: {
      ["matrix" /* Matrix */]: JSON.stringify(matrix),
      ["images" /* Images */]: JSON.stringify(plan.images),
      ["has-images" /* HasImages */]: String(plan.images.length > 0)
    },
    summary: {
      title: "kiln plan",
      notes: [
        inputs.since ? `Images whose build key changed since \`${inputs.since}\` (and what depends on them).` : "All images.",
        ...jobs.length > 0 ? [`Build jobs:
${jobs.join("\n")}`] : ["Nothing to build."],
        ...(plan.notes ?? []).map((n) => `> ${n}`)
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
