import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  KILN_VERSION
} from "./chunk-PZVZ7HAU.js";

// src/sbom/cyclonedx.ts
import { createHash } from "node:crypto";
var SBOM_FILE = "sbom.cdx.json";
var purlEncode = (s) => encodeURIComponent(s);
function packagePurl(pkg, distro) {
  const qualifiers = [`arch=${purlEncode(pkg.arch)}`];
  if (distro.versionId) qualifiers.push(`distro=${purlEncode(`${distro.id}-${distro.versionId}`)}`);
  return `pkg:deb/${purlEncode(distro.id)}/${purlEncode(pkg.name)}@${purlEncode(pkg.version)}?${qualifiers.join("&")}`;
}
function serialOf(record) {
  const h = createHash("sha256").update(`kiln-sbom:${record.sha512}`).digest("hex");
  const v = `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${(parseInt(h[16], 16) & 3 | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return `urn:uuid:${v}`;
}
function imageSbom(record, packages, distro, source) {
  return {
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    serialNumber: serialOf(record),
    version: 1,
    metadata: {
      timestamp: record.built_at,
      tools: { components: [{ type: "application", name: "kiln", version: KILN_VERSION }] },
      component: {
        type: "operating-system",
        "bom-ref": `kiln-image:${record.key}`,
        name: record.name,
        version: record.key,
        hashes: [
          { alg: "SHA-256", content: record.sha256 },
          { alg: "SHA-512", content: record.sha512 }
        ],
        properties: [
          { name: "kiln:build_key", value: record.key },
          { name: "kiln:arch", value: record.arch },
          { name: "kiln:disk_format", value: record.format },
          { name: "kiln:git_sha", value: record.git_sha },
          { name: "kiln:distro", value: [distro.id, distro.versionId].filter(Boolean).join("-") },
          { name: "kiln:package_source", value: source }
        ]
      }
    },
    components: packages.map((p) => {
      const purl = packagePurl(p, distro);
      return {
        type: "library",
        "bom-ref": purl,
        name: p.name,
        version: p.version,
        purl,
        properties: [{ name: "kiln:package:arch", value: p.arch }]
      };
    })
  };
}
function sbomPackages(bom) {
  return (bom.components ?? []).map((c) => ({
    name: c.name,
    version: c.version,
    arch: c.properties?.find((p) => p.name === "kiln:package:arch")?.value ?? ""
  }));
}

// src/sbom/package-diff.ts
var id = (p) => `${p.name}:${p.arch}`;
function diffPackages(before, after) {
  const old = new Map(before.map((p) => [id(p), p]));
  const now = new Map(after.map((p) => [id(p), p]));
  const byName = (a, b) => a.name.localeCompare(b.name) || a.arch.localeCompare(b.arch);
  const changed = [];
  for (const [k, p] of now) {
    const o = old.get(k);
    if (o && o.version !== p.version)
      changed.push({ name: p.name, arch: p.arch, from: o.version, to: p.version });
  }
  return {
    added: [...now.values()].filter((p) => !old.has(id(p))).sort(byName),
    removed: [...old.values()].filter((p) => !now.has(id(p))).sort(byName),
    changed: changed.sort(byName)
  };
}
function packageChangeLines(c) {
  if (!c.added.length && !c.removed.length && !c.changed.length) return ["- no package changed"];
  return [
    ...c.changed.map((p) => `- ${p.name} ${p.from} \u2192 ${p.to}`),
    ...c.added.map((p) => `- added ${p.name} ${p.version}`),
    ...c.removed.map((p) => `- removed ${p.name} ${p.version}`)
  ];
}

export {
  SBOM_FILE,
  imageSbom,
  sbomPackages,
  diffPackages,
  packageChangeLines
};
