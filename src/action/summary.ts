// The job summary every command writes: one table row per image x arch and the image graph as a
// Mermaid diagram (GitHub renders ```mermaid blocks in summaries). Pure: returns Markdown.
import type { Arch, KilnConfig } from '../config/types.js';
import { mermaidGraph, type ImageStatus } from '../plan/mermaid.js';
import type { PlannedImage } from '../plan/types.js';
import { humanSize } from '../human-size.js';

export interface SummaryRow {
  name: string;
  arch: string;
  key?: string;
  /** planned, built, passed, failed, published, unchanged, skipped, ... */
  status: string;
  /** Shown after the status: why it is planned, what failed. */
  detail?: string;
  size?: number;
  durationS?: number;
  /** Site name -> Glance image ID (absent while not published there). */
  sites?: Record<string, string | undefined>;
}

export interface Summary {
  title: string;
  rows: SummaryRow[];
  /** Mermaid source of the image graph (without the fence). */
  graph?: string;
  /** Lines shown under the title (what was asked, what went wrong). */
  notes?: string[];
}

const STATUS_ICON: Record<string, string> = {
  failed: '❌',
  passed: '✅',
  built: '🔨',
  published: '🚀',
  unchanged: '⏸️',
  promoted: '⏩',
  planned: '📋',
  skipped: '⏭️',
};

/** Row statuses as the graph colours them; anything not listed (not built, cancelled) is skipped. */
const GRAPH_STATUS: Record<string, ImageStatus> = {
  planned: 'planned',
  built: 'built',
  passed: 'built',
  published: 'built',
  unchanged: 'unchanged',
  // Not built here: reused like an unchanged build, only from a staging site.
  promoted: 'unchanged',
  failed: 'failed',
};
const GRAPH_RANK: ImageStatus[] = ['failed', 'skipped', 'built', 'unchanged', 'planned'];

/** One status per image (a node stands for all its architectures): the worst of its rows. */
export function graphStatuses(rows: readonly SummaryRow[]): Map<string, ImageStatus> {
  const out = new Map<string, ImageStatus>();
  for (const r of rows) {
    const s = GRAPH_STATUS[r.status] ?? 'skipped';
    const prev = out.get(r.name);
    if (!prev || GRAPH_RANK.indexOf(s) < GRAPH_RANK.indexOf(prev)) out.set(r.name, s);
  }
  return out;
}

/** The image graph of the rows' images, coloured by how they fared. */
export function statusGraph(rows: readonly SummaryRow[], config: Pick<KilnConfig, 'images'>): string {
  const root = (name: string): string => {
    const parent = config.images.get(name)?.parent;
    return parent ? root(parent) : name;
  };
  const images: PlannedImage[] = rows.map((r) => ({
    name: r.name,
    arch: r.arch as Arch,
    builder: config.images.get(r.name)?.builder ?? 'dib',
    key: r.key ?? '',
    parent: config.images.get(r.name)?.parent,
    group: root(r.name),
  }));
  return mermaidGraph({ images }, graphStatuses(rows));
}

export function humanDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${s % 60}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** Table cells must not break the row: pipes are escaped, line breaks flattened. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** GitHub's limit on one step's job summary (1 MiB), less room for what follows the table. */
const MAX_SUMMARY_BYTES = 1024 * 1024 - 4096;
/** Mermaid's default maxTextSize: GitHub shows an error instead of a larger diagram. */
export const MAX_GRAPH_CHARS = 50_000;

function row(r: SummaryRow): string {
  const sites = Object.entries(r.sites ?? {});
  return (
    '| ' +
    [
      `\`${cell(r.name)}\``,
      cell(r.arch),
      r.key ? `\`${r.key.slice(0, 12)}\`` : '',
      `${STATUS_ICON[r.status] ?? ''} ${cell(r.status)}${r.detail ? ` (${cell(r.detail)})` : ''}`.trim(),
      r.size !== undefined ? humanSize(r.size) : '',
      r.durationS !== undefined ? humanDuration(r.durationS) : '',
      sites.map(([s]) => cell(s)).join(', '),
      sites
        .filter(([, id]) => id)
        .map(([s, id]) => `${cell(s)}: \`${cell(id!)}\``)
        .join('<br>'),
    ].join(' | ') +
    ' |'
  );
}

/**
 * The summary as Markdown, within GitHub's limits: a graph too large to render is left out, and
 * rows past the size limit are cut, each with a line saying what was left out (the log has it all).
 */
export function renderSummary(summary: Summary, maxBytes = MAX_SUMMARY_BYTES): string {
  const out = [`## ${cell(summary.title)}`, ''];
  for (const note of summary.notes ?? []) out.push(note, '');
  const graph = summary.graph?.trimEnd();
  const graphLines = !graph
    ? []
    : graph.length > MAX_GRAPH_CHARS
      ? [
          `_The image graph (${graph.length} characters of Mermaid) is left out: GitHub renders at most ${MAX_GRAPH_CHARS}._`,
          '',
        ]
      : ['```mermaid', graph, '```', ''];
  if (summary.rows.length === 0) {
    if (!summary.notes?.length) out.push('_No images._', '');
  } else {
    out.push('| Image | Arch | Key | Status | Size | Duration | Sites | Glance IDs |');
    out.push('|---|---|---|---|---:|---:|---|---|');
    let used = Buffer.byteLength(out.join('\n') + '\n' + graphLines.join('\n'), 'utf8');
    let shown = 0;
    for (const r of summary.rows) {
      const line = row(r);
      used += Buffer.byteLength(line, 'utf8') + 1;
      if (used > maxBytes) break;
      out.push(line);
      shown++;
    }
    out.push('');
    if (shown < summary.rows.length) {
      out.push(
        `_${summary.rows.length - shown} more rows left out (${shown} of ${summary.rows.length} shown): GitHub's job summary takes at most 1 MiB._`,
        '',
      );
    }
  }
  out.push(...graphLines);
  return out.join('\n');
}
