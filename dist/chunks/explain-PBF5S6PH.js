import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  keyConfig,
  normalisedConfig
} from "./chunk-ER67HBBX.js";
import "./chunk-H2N2AFCW.js";
import "./chunk-PUPMCPPH.js";
import "./chunk-DJTE6M5J.js";
import "./chunk-PULXAN4K.js";
import {
  ARCHES
} from "./chunk-YDNOFHPX.js";
import "./chunk-SRPYJRT6.js";
import "./chunk-UW7J5A5E.js";
import "./chunk-YDMM63TT.js";
import "./chunk-2RI5WXA3.js";
import "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
import {
  InputError
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/plan/explain.ts
async function explainKey(target, deps) {
  const [name, archName] = target.split(":");
  const keyed = await keyConfig(deps.config, deps.source);
  const image = keyed.config.images.get(name);
  if (!image) throw new InputError(`--explain: unknown image '${name}'`);
  const arch = archName ?? image.architectures[0];
  const key = keyed.keys.get(name).keys.get(arch);
  if (!ARCHES.includes(arch) || !key) {
    throw new InputError(
      `--explain: image '${name}' is not built for '${arch}'`,
      void 0,
      `it is built for ${image.architectures.join(", ")}`
    );
  }
  const packer = keyed.packer.get(name);
  const closure = keyed.keys.get(name).closure;
  const parentKey = image.parent && keyed.keys.get(image.parent).keys.get(arch);
  return {
    image: name,
    arch,
    builder: image.builder,
    key,
    settings: normalisedConfig(image),
    template: packer?.template,
    var_files: packer?.var_files,
    referenced: packer?.referenced,
    elements: closure?.keyed.map((e) => ({
      name: e.name,
      source: e.source,
      digest: e.source === "project" ? keyed.digests.get(e.dir) ?? "empty" : e.source === "dib" ? `diskimage-builder ${image.builder_version}` : `${e.repo.repo}@${e.repo.ref}`
    })),
    artifacts: Object.fromEntries(Object.entries(image.artifacts).map(([k, a]) => [k, a.sha256])),
    inputs: keyed.inputs.get(name),
    parent: image.parent && parentKey ? { name: image.parent, key: parentKey } : void 0,
    notes: packer?.notes.map((n) => n.format())
  };
}
function formatExplanation(e) {
  const lines = [`${e.image} (${e.arch}) build key ${e.key}`, "", "resolved settings:"];
  for (const [k, v] of Object.entries(e.settings).sort(([a], [b]) => a < b ? -1 : 1)) {
    lines.push(`  ${k}: ${JSON.stringify(v)}`);
  }
  const group = (title, entries) => {
    if (!entries?.length) return;
    lines.push("", `${title}:`, ...entries.map((f) => `  ${f.digest}  ${f.path}`));
  };
  group("template", e.template);
  group("var files", e.var_files);
  group("referenced files", e.referenced);
  group(
    "elements",
    e.elements?.map((el) => ({ path: `${el.name} (${el.source})`, digest: el.digest }))
  );
  group(
    "artifacts",
    Object.entries(e.artifacts).map(([k, sha]) => ({ path: k, digest: `sha256:${sha}` }))
  );
  group("inputs", e.inputs);
  if (e.parent) lines.push("", "parent key:", `  ${e.parent.key}  ${e.parent.name}`);
  if (e.notes?.length)
    lines.push(
      "",
      "not covered (add to inputs: if they read repository files):",
      ...e.notes.map((n) => `  ${n}`)
    );
  return lines.join("\n") + "\n";
}
export {
  explainKey,
  formatExplanation
};
