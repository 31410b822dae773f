import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  humanSize
} from "./chunk-MV7MNJMR.js";
import {
  mermaidGraph
} from "./chunk-Y6THQUYM.js";

// src/action/summary.ts
var STATUS_ICON = {
  failed: "\u274C",
  passed: "\u2705",
  built: "\u{1F528}",
  published: "\u{1F680}",
  unchanged: "\u23F8\uFE0F",
  promoted: "\u23E9",
  planned: "\u{1F4CB}",
  skipped: "\u23ED\uFE0F"
};
var GRAPH_STATUS = {
  planned: "planned",
  built: "built",
  passed: "built",
  published: "built",
  unchanged: "unchanged",
  // Not built here: reused like an unchanged build, only from a staging site.
  promoted: "unchanged",
  failed: "failed"
};
var GRAPH_RANK = ["failed", "skipped", "built", "unchanged", "planned"];
function graphStatuses(rows) {
  const out = /* @__PURE__ */ new Map();
  for (const r of rows) {
    const s = GRAPH_STATUS[r.status] ?? "skipped";
    const prev = out.get(r.name);
    if (!prev || GRAPH_RANK.indexOf(s) < GRAPH_RANK.indexOf(prev)) out.set(r.name, s);
  }
  return out;
}
function statusGraph(rows, config) {
  const root = (name) => {
    const parent = config.images.get(name)?.parent;
    return parent ? root(parent) : name;
  };
  const images = rows.map((r) => ({
    name: r.name,
    arch: r.arch,
    builder: config.images.get(r.name)?.builder ?? "dib",
    key: r.key ?? "",
    parent: config.images.get(r.name)?.parent,
    group: root(r.name)
  }));
  return mermaidGraph({ images }, graphStatuses(rows));
}
function humanDuration(seconds) {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${s % 60}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}
function cell(text) {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
var MAX_SUMMARY_BYTES = 1024 * 1024 - 4096;
var MAX_GRAPH_CHARS = 5e4;
function row(r) {
  const sites = Object.entries(r.sites ?? {});
  return "| " + [
    `\`${cell(r.name)}\``,
    cell(r.arch),
    r.key ? `\`${r.key.slice(0, 12)}\`` : "",
    `${STATUS_ICON[r.status] ?? ""} ${cell(r.status)}${r.detail ? ` (${cell(r.detail)})` : ""}`.trim(),
    r.size !== void 0 ? humanSize(r.size) : "",
    r.durationS !== void 0 ? humanDuration(r.durationS) : "",
    sites.map(([s]) => cell(s)).join(", "),
    sites.filter(([, id]) => id).map(([s, id]) => `${cell(s)}: \`${cell(id)}\``).join("<br>")
  ].join(" | ") + " |";
}
function renderSummary(summary, maxBytes = MAX_SUMMARY_BYTES) {
  const out = [`## ${cell(summary.title)}`, ""];
  for (const note of summary.notes ?? []) out.push(note, "");
  const graph = summary.graph?.trimEnd();
  const graphLines = !graph ? [] : graph.length > MAX_GRAPH_CHARS ? [
    `_The image graph (${graph.length} characters of Mermaid) is left out: GitHub renders at most ${MAX_GRAPH_CHARS}._`,
    ""
  ] : ["```mermaid", graph, "```", ""];
  if (summary.rows.length === 0) {
    if (!summary.notes?.length) out.push("_No images._", "");
  } else {
    out.push("| Image | Arch | Key | Status | Size | Duration | Sites | Glance IDs |");
    out.push("|---|---|---|---|---:|---:|---|---|");
    let used = Buffer.byteLength(out.join("\n") + "\n" + graphLines.join("\n"), "utf8");
    let shown = 0;
    for (const r of summary.rows) {
      const line = row(r);
      used += Buffer.byteLength(line, "utf8") + 1;
      if (used > maxBytes) break;
      out.push(line);
      shown++;
    }
    out.push("");
    if (shown < summary.rows.length) {
      out.push(
        `_${summary.rows.length - shown} more rows left out (${shown} of ${summary.rows.length} shown): GitHub's job summary takes at most 1 MiB._`,
        ""
      );
    }
  }
  out.push(...graphLines);
  return out.join("\n");
}

export {
  statusGraph,
  renderSummary
};
