import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  MAX_OUTPUT_BYTES,
  planOutputs
} from "./chunk-5WOQGY3E.js";
import "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";
export {
  MAX_OUTPUT_BYTES,
  planOutputs
};
