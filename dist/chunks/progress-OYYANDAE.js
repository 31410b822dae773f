import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  buildProgress
} from "./chunk-YHBXNX4U.js";
import "./chunk-ROGCR6TK.js";
import "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";
export {
  buildProgress
};
