import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  connectGlance,
  connectKeyManager,
  httpTimeoutMs,
  keystoneSession,
  resolveCloud,
  siteConnection,
  siteLabel
} from "./chunk-GWZ6W45I.js";
import "./chunk-6YP4CZUQ.js";
import "./chunk-KCH6PF2G.js";
import "./chunk-PKW3LEPS.js";
import "./chunk-CEQ3CRBZ.js";
import "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
import "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";
export {
  connectGlance,
  connectKeyManager,
  httpTimeoutMs,
  keystoneSession,
  resolveCloud,
  siteConnection,
  siteLabel
};
