import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  loadAndKey,
  planBuilds
} from "./chunk-BODQ4MYN.js";
import "./chunk-QIEV3YCK.js";
import "./chunk-4GIADRCJ.js";
import "./chunk-BDAQBW24.js";
import "./chunk-BQA56IP2.js";
import "./chunk-LSNICYBZ.js";
import "./chunk-KANQZ2NK.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-6ZOG3UT5.js";
import "./chunk-NRF5ZCPO.js";
export {
  loadAndKey,
  planBuilds
};
