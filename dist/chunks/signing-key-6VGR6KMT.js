import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  SIGNING_KEY_ENV,
  fingerprintOf,
  loadCertificate,
  loadSigningKey,
  maskKey
} from "./chunk-2RI5WXA3.js";
import "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";
export {
  SIGNING_KEY_ENV,
  fingerprintOf,
  loadCertificate,
  loadSigningKey,
  maskKey
};
