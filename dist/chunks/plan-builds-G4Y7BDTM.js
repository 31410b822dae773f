import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  loadAndKey,
  planBuilds
} from "./chunk-H7SX73YT.js";
import "./chunk-7LVAP3ZD.js";
import "./chunk-4GIADRCJ.js";
import "./chunk-BDAQBW24.js";
import "./chunk-BQA56IP2.js";
import "./chunk-LSNICYBZ.js";
import "./chunk-YO3QHAM6.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";
export {
  loadAndKey,
  planBuilds
};
