// What changed between two builds of an image, package by package, from their SBOMs: for release
// notes and the build summary. Packages are matched by name and architecture.
import type { InstalledPackage } from './package-lists.js';

export interface PackageChanges {
  added: InstalledPackage[];
  removed: InstalledPackage[];
  changed: { name: string; arch: string; from: string; to: string }[];
}

const id = (p: InstalledPackage) => `${p.name}:${p.arch}`;

export function diffPackages(before: InstalledPackage[], after: InstalledPackage[]): PackageChanges {
  const old = new Map(before.map((p) => [id(p), p]));
  const now = new Map(after.map((p) => [id(p), p]));
  const byName = (a: { name: string; arch: string }, b: { name: string; arch: string }) =>
    a.name.localeCompare(b.name) || a.arch.localeCompare(b.arch);
  const changed: PackageChanges['changed'] = [];
  for (const [k, p] of now) {
    const o = old.get(k);
    if (o && o.version !== p.version)
      changed.push({ name: p.name, arch: p.arch, from: o.version, to: p.version });
  }
  return {
    added: [...now.values()].filter((p) => !old.has(id(p))).sort(byName),
    removed: [...old.values()].filter((p) => !now.has(id(p))).sort(byName),
    changed: changed.sort(byName),
  };
}

/** Markdown list lines: `- openssl 3.0.11-1~deb12u2 → 3.0.13-1~deb12u1`, then added and removed ones. */
export function packageChangeLines(c: PackageChanges): string[] {
  if (!c.added.length && !c.removed.length && !c.changed.length) return ['- no package changed'];
  return [
    ...c.changed.map((p) => `- ${p.name} ${p.from} → ${p.to}`),
    ...c.added.map((p) => `- added ${p.name} ${p.version}`),
    ...c.removed.map((p) => `- removed ${p.name} ${p.version}`),
  ];
}
