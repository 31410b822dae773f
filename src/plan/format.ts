// The output formats of `kiln plan`: JSON for programs, a table for people, `name=value` lines for
// $GITHUB_OUTPUT, and a Mermaid graph.
import { mermaidGraph } from './mermaid.js';
import { planOutputs } from './plan-outputs.js';
import type { Plan } from './types.js';

export const PLAN_FORMATS = ['json', 'table', 'github', 'mermaid'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export function formatPlan(plan: Plan, format: PlanFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(plan, null, 2) + '\n';
    case 'github':
      return githubOutput(plan);
    case 'mermaid':
      return mermaidGraph(plan);
    case 'table':
      return table(plan);
  }
}

/**
 * Lines for $GITHUB_OUTPUT (each value is one line of JSON): `matrix` for `strategy.matrix`,
 * `images` (the planned images) and `any` (`true`/`false`, to skip the build job: GitHub rejects an
 * empty matrix). What had to be left out to fit GitHub's limits is said on stderr by the caller.
 */
export function githubOutput(plan: Plan): string {
  const out = planOutputs(plan);
  return [`matrix=${out.matrix}`, `images=${out.images}`, `any=${out.any}`].join('\n') + '\n';
}

function table(plan: Plan): string {
  const notes = (plan.notes ?? []).map((n) => `note: ${n}`);
  if (plan.images.length === 0) return ['nothing to build', ...notes].join('\n') + '\n';
  const rows = [
    ['IMAGE', 'ARCH', 'BUILDER', 'REASON', 'GROUP', 'KEY'],
    ...plan.images.map((p) => [p.name, p.arch, p.builder, p.reason ?? '', p.group, p.key.slice(0, 12)]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const jobs = plan.matrix.include.map(
    (m) => `  ${m.group} (${m.arch}) on [${m.runner.join(', ')}]: ${m.images}`,
  );
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  return (
    [
      ...rows.map((r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      ),
      '',
      `${count(plan.images.length, 'build')} in ${count(plan.matrix.include.length, 'job')}:`,
      ...jobs,
      ...notes,
    ].join('\n') + '\n'
  );
}
