import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  buildProgress
} from "./chunk-MCP5R5FK.js";
import "./chunk-ME62NV6M.js";
import "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";
export {
  buildProgress
};
