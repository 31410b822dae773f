// The action's `plan`: the core plan, the matrix with the runner labels the workflow asks for, and a
// summary of what will be built and why.
import { mermaidGraph } from '../../plan/mermaid.js';
import { planBuilds } from '../../plan/plan-builds.js';
import { planOutputs } from '../../plan/plan-outputs.js';
import type { Plan } from '../../plan/types.js';
import { loadProject, planDeps } from '../../wiring.js';
import { Output } from '../constants.js';
import { actionInvocation, type ActionCommand } from '../context.js';

/** The `runners` input overrides the labels the config gives each architecture. */
function withRunnerLabels(matrix: Plan['matrix'], labels: Record<string, string[]>): Plan['matrix'] {
  return { include: matrix.include.map((m) => ({ ...m, runner: labels[m.arch] ?? m.runner })) };
}

export const planAction: ActionCommand = async (ctx) => {
  const { inputs, logger } = ctx;
  const inv = actionInvocation(ctx);
  const project = await loadProject({ cwd: inv.cwd, env: inv.env, configDir: inputs.configDir });
  const plan = await planBuilds(
    { images: inputs.images, arches: inputs.architectures, since: inputs.since },
    planDeps(inv, project),
  );
  const matrix = withRunnerLabels(plan.matrix, inputs.runnerLabels);
  const outputs = planOutputs({ ...plan, matrix });
  for (const note of outputs.notes) logger.warn(note);
  const jobs = matrix.include.map(
    (m) => `- \`${m.group}\` (${m.arch}) on \`${m.runner.join(', ')}\`: ${m.images}`,
  );
  return {
    outputs: {
      [Output.Matrix]: outputs.matrix,
      [Output.Images]: outputs.images,
      [Output.HasImages]: outputs.any,
    },
    summary: {
      title: 'kiln plan',
      notes: [
        inputs.since
          ? `Images whose build key changed since \`${inputs.since}\` (and what depends on them).`
          : 'All images.',
        ...(jobs.length > 0 ? [`Build jobs:\n${jobs.join('\n')}`] : ['Nothing to build.']),
        ...[...(plan.notes ?? []), ...outputs.notes].map((n) => `> ${n}`),
      ],
      rows: plan.images.map((p) => ({
        name: p.name,
        arch: p.arch,
        key: p.key,
        status: 'planned',
        detail: p.reason,
      })),
      graph: plan.images.length > 0 ? mermaidGraph(plan) : undefined,
    },
  };
};
