import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/plan/mermaid.ts
var IMAGE_STATUSES = ["built", "unchanged", "failed", "skipped", "planned"];
var STYLE = {
  built: "fill:#dafbe1,stroke:#1a7f37,color:#0d3b1e",
  unchanged: "fill:#f6f8fa,stroke:#8c959f,color:#57606a",
  failed: "fill:#ffebe9,stroke:#cf222e,color:#5c0b0f",
  skipped: "fill:#fff8c5,stroke:#9a6700,color:#4d2d00",
  planned: "fill:#ddf4ff,stroke:#0969da,color:#0a3069"
};
function mermaidGraph(plan, statusByImage = {}) {
  const statusOf = (name) => statusByImage instanceof Map ? statusByImage.get(name) : statusByImage[name];
  const arches = /* @__PURE__ */ new Map();
  const parents = /* @__PURE__ */ new Map();
  for (const p of plan.images) {
    arches.set(p.name, [...arches.get(p.name) ?? [], p.arch]);
    parents.set(p.name, p.parent);
  }
  const nodes = /* @__PURE__ */ new Map();
  const lines = ["graph TD"];
  const node = (name, status, detail) => {
    const id = `n${nodes.size}`;
    nodes.set(name, id);
    lines.push(`  ${id}["${escape(name)}${detail ? `<br/>${detail}` : ""}"]:::${status}`);
  };
  for (const parent of new Set(parents.values())) {
    if (parent !== void 0 && !arches.has(parent) && !nodes.has(parent)) {
      node(parent, statusOf(parent) ?? "unchanged");
    }
  }
  for (const [name, list] of arches) node(name, statusOf(name) ?? "planned", list.join(", "));
  for (const [name, parent] of parents) {
    if (parent !== void 0) lines.push(`  ${nodes.get(parent)} --> ${nodes.get(name)}`);
  }
  for (const status of IMAGE_STATUSES) lines.push(`  classDef ${status} ${STYLE[status]}`);
  return lines.join("\n") + "\n";
}
function escape(text) {
  return text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

export {
  mermaidGraph
};
