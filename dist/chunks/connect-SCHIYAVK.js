import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  connectGlance,
  connectKeyManager,
  httpTimeoutMs,
  keystoneSession,
  resolveCloud,
  siteConnection,
  siteLabel
} from "./chunk-RUOB6ALG.js";
import "./chunk-32GN4VEV.js";
import "./chunk-B5AUNYM4.js";
import "./chunk-MJHFF3BW.js";
import "./chunk-ZTSW2VJH.js";
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
