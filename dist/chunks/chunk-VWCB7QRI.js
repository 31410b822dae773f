import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  archRefusal,
  selectedSites
} from "./chunk-PUPMCPPH.js";
import {
  didYouMean
} from "./chunk-PULXAN4K.js";
import {
  InputError
} from "./chunk-SXABORS3.js";

// src/config/named-images.ts
function checkNamedImages(images, names) {
  const unknown = names.filter((n) => !images.has(n));
  if (!unknown.length) return;
  const guess = unknown.length === 1 ? didYouMean(unknown[0], images.keys()) : void 0;
  const known = `images.yaml defines: ${[...images.keys()].join(", ")}`;
  throw new InputError(
    `unknown image ${unknown.map((n) => `'${n}'`).join(", ")}`,
    void 0,
    guess ? `${guess} ${known}` : known
  );
}

// src/publish/site-selection.ts
function sitesFor(image, arch, sites, filter) {
  const sel = image.sites;
  for (const n of sel?.names ?? []) {
    if (!sites.has(n)) throw new InputError(`image '${image.name}' selects unknown site '${n}'`, sel?.pos);
  }
  const chosen = selectedSites(image, sites).filter((s) => filter.length === 0 || filter.includes(s.name));
  if (chosen.length === 0) {
    const why = filter.length ? `none of --site ${filter.join(", ")} is` : "no site in sites.yaml is";
    throw new InputError(`${why} a site image '${image.name}' is published to`, sel?.pos ?? image.pos);
  }
  const out = { sites: [], skipped: [] };
  for (const site of chosen) {
    const why = archRefusal(site, arch);
    if (why === void 0) out.sites.push(site);
    else if (filter.includes(site.name))
      throw new InputError(
        `--site ${site.name}: the ${arch} build of '${image.name}' is never published there: ${why}`,
        site.pos,
        `leave out --site ${site.name}, or publish only builds of ${site.architectures.join(", ")}`
      );
    else out.skipped.push({ site, why });
  }
  return out;
}

export {
  checkNamedImages,
  sitesFor
};
