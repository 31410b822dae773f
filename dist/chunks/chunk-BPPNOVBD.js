import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  didYouMean
} from "./chunk-PULXAN4K.js";
import {
  InputError
} from "./chunk-SXABORS3.js";

// src/config/named-sites.ts
function namedSites(sites, names, flag) {
  const unique = [...new Set(names)];
  const unknown = unique.filter((n) => !sites.has(n));
  if (unknown.length > 0) {
    const guess = unknown.length === 1 ? didYouMean(unknown[0], sites.keys()) : void 0;
    const known = sites.size ? `sites: ${[...sites.keys()].join(", ")}` : "sites.yaml defines no sites";
    throw new InputError(
      `${flag}: no site ${unknown.map((n) => `'${n}'`).join(", ")} in sites.yaml`,
      void 0,
      guess ? `${guess} ${known}` : known
    );
  }
  return unique.map((n) => sites.get(n));
}

export {
  namedSites
};
