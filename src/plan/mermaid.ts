// A Mermaid `graph TD` of the planned images, one node per image (its architectures in the label),
// colored by status. The action's job summary reuses it with the statuses of a finished run.
import type { Plan } from './types.js';

const IMAGE_STATUSES = ['built', 'unchanged', 'failed', 'skipped', 'planned'] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

const STYLE: Record<ImageStatus, string> = {
  built: 'fill:#dafbe1,stroke:#1a7f37,color:#0d3b1e',
  unchanged: 'fill:#f6f8fa,stroke:#8c959f,color:#57606a',
  failed: 'fill:#ffebe9,stroke:#cf222e,color:#5c0b0f',
  skipped: 'fill:#fff8c5,stroke:#9a6700,color:#4d2d00',
  planned: 'fill:#ddf4ff,stroke:#0969da,color:#0a3069',
};

/**
 * `statusByImage` maps image names to their status; by default an image in the plan is `planned`
 * and a parent outside it (already built) is `unchanged`.
 */
export function mermaidGraph(
  plan: Pick<Plan, 'images'>,
  statusByImage: ReadonlyMap<string, ImageStatus> | Readonly<Record<string, ImageStatus>> = {},
): string {
  const statusOf = (name: string): ImageStatus | undefined =>
    statusByImage instanceof Map
      ? statusByImage.get(name)
      : (statusByImage as Record<string, ImageStatus>)[name];
  const arches = new Map<string, string[]>();
  const parents = new Map<string, string | undefined>();
  for (const p of plan.images) {
    arches.set(p.name, [...(arches.get(p.name) ?? []), p.arch]);
    parents.set(p.name, p.parent);
  }
  const nodes = new Map<string, string>();
  const lines = ['graph TD'];
  const node = (name: string, status: ImageStatus, detail?: string) => {
    const id = `n${nodes.size}`;
    nodes.set(name, id);
    lines.push(`  ${id}["${escape(name)}${detail ? `<br/>${detail}` : ''}"]:::${status}`);
  };
  // Parents outside the plan first, so every edge points at a node already declared.
  for (const parent of new Set(parents.values())) {
    if (parent !== undefined && !arches.has(parent) && !nodes.has(parent)) {
      node(parent, statusOf(parent) ?? 'unchanged');
    }
  }
  for (const [name, list] of arches) node(name, statusOf(name) ?? 'planned', list.join(', '));
  for (const [name, parent] of parents) {
    if (parent !== undefined) lines.push(`  ${nodes.get(parent)} --> ${nodes.get(name)}`);
  }
  for (const status of IMAGE_STATUSES) lines.push(`  classDef ${status} ${STYLE[status]}`);
  return lines.join('\n') + '\n';
}

/** Mermaid's entity form for the characters that would end a label or start markup. */
function escape(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
