import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  keyConfig,
  planBuilds
} from "./chunk-C4HVPLU6.js";
import "./chunk-DEF3AS3X.js";
import "./chunk-B6VJEBJL.js";
import "./chunk-DJTE6M5J.js";
import "./chunk-PULXAN4K.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-SRPYJRT6.js";
import "./chunk-2RI5WXA3.js";
import "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
import "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";
export {
  keyConfig,
  planBuilds
};
