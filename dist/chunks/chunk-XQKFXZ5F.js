import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/release/latest-version.ts
var MAKE_LATEST_CHOICES = ["auto", "true", "false"];
function parseVersion(tag) {
  const m = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(
    tag
  );
  if (!m) return void 0;
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? m[4].split(".") : [] };
}
function compareVersions(a, b) {
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return a.core[i] - b.core[i];
  if (a.pre.length === 0 || b.pre.length === 0) return b.pre.length - a.pre.length;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const [x, y] = [a.pre[i], b.pre[i]];
    if (x === y) continue;
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.pre.length - b.pre.length;
}
function makeLatest(tag, releases, choice = "auto") {
  if (choice !== "auto") return choice;
  const mine = parseVersion(tag);
  if (!mine || mine.pre.length > 0) return "false";
  for (const r of releases) {
    if (r.draft || r.prerelease || r.tag_name === tag) continue;
    const other = parseVersion(r.tag_name);
    if (other && compareVersions(other, mine) > 0) return "false";
  }
  return "true";
}

export {
  MAKE_LATEST_CHOICES,
  makeLatest
};
