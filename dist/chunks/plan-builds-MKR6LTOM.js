import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  loadAndKey,
  planBuilds
} from "./chunk-OB3DAGZB.js";
import "./chunk-L77K23C6.js";
import "./chunk-UM724M6O.js";
import "./chunk-PX4DNTTS.js";
import "./chunk-5TRAMWJB.js";
import "./chunk-GU4XJBG7.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-E7RB4GAI.js";
import "./chunk-GTTBYWCY.js";
import "./chunk-VNYJLFTL.js";
import "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";
export {
  loadAndKey,
  planBuilds
};
