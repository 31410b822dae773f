import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  require_dist
} from "./chunk-GTYGPDVU.js";
import "./chunk-NRF5ZCPO.js";
export default require_dist();
