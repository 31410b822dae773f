// `kiln plan`: which images to build, with their build keys, and the GitHub matrix.
import { InputError } from '../../errors.js';
import { formatPlan, PLAN_FORMATS, type PlanFormat } from '../../plan/format.js';
import { invocation, loadProject, planDeps } from '../../wiring.js';
import { listFlag, type Command } from '../command.js';

export const planCommand: Command = {
  name: 'plan',
  summary: 'list the images to build (with build keys) and the GitHub matrix',
  usage:
    'kiln plan [IMAGE...] [-a amd64,arm64] [--since GIT_REF] [--explain IMAGE[:ARCH]] [--format json|table|github|mermaid] [--config-dir D]',
  options: {
    arch: { type: 'string', short: 'a', multiple: true },
    since: { type: 'string' },
    format: { type: 'string' },
    explain: { type: 'string' },
    'config-dir': { type: 'string' },
  },
  flags: {
    arch: [
      'ARCHS',
      "only these architectures (amd64, arm64; comma list or repeated; default each image's own)",
    ],
    since: [
      'GIT_REF',
      'only images whose build key changed since this commit, branch or tag, and their descendants',
    ],
    explain: [
      'IMAGE[:ARCH]',
      'print every input of that build key with its digest, grouped (text; json with --format json)',
    ],
    format: ['F', 'json (default), table, github (lines for $GITHUB_OUTPUT) or mermaid (the image graph)'],
    'config-dir': ['D', 'folder of images.yaml, sites.yaml, third-party.yaml (default config/)'],
  },
  operands: { 'IMAGE...': 'images to plan, with the parents they need (default every image)' },
  async run(values, positionals, ctx) {
    const format = (values.format as string | undefined) ?? 'json';
    if (!(PLAN_FORMATS as readonly string[]).includes(format)) {
      throw new InputError(
        `kiln plan: unknown format '${format}'`,
        undefined,
        `use ${PLAN_FORMATS.join(', ')}`,
      );
    }
    // The planner's code loads while a large elements/ is read on another thread and the config parsed.
    const planning = import('../../plan/plan-builds.js');
    const project = await loadProject({
      cwd: ctx.cwd,
      env: ctx.env,
      configDir: values['config-dir'] as string | undefined,
    });
    if (values.explain !== undefined) {
      // Text for people unless JSON is asked for.
      const { explainKey, formatExplanation } = await import('../../plan/explain.js');
      const explanation = await explainKey(values.explain as string, project);
      ctx.stdout(
        values.format === 'json'
          ? JSON.stringify(explanation, null, 2) + '\n'
          : formatExplanation(explanation),
      );
      return 0;
    }
    const { planBuilds } = await planning;
    const plan = await planBuilds(
      { images: positionals, arches: listFlag(values.arch), since: values.since as string | undefined },
      planDeps(invocation(ctx), project),
    );
    if (format === 'github') {
      const { planOutputs } = await import('../../plan/plan-outputs.js');
      for (const note of planOutputs(plan).notes) ctx.logger.warn(note);
    }
    ctx.stdout(formatPlan(plan, format as PlanFormat));
    return 0;
  },
};
