import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  syntaxErrors
} from "./chunk-CEQ3CRBZ.js";
import "./chunk-VNYJLFTL.js";
import "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";
export {
  syntaxErrors
};
