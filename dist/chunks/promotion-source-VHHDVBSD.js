import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  glancePromotionSource,
  promotionSources
} from "./chunk-JKDO6NXP.js";
import "./chunk-BPPNOVBD.js";
import "./chunk-6DYCFFVP.js";
import "./chunk-U2V3I75J.js";
import "./chunk-PULXAN4K.js";
import "./chunk-4SC72LHK.js";
import "./chunk-32GN4VEV.js";
import "./chunk-D37DQ67X.js";
import "./chunk-MJHFF3BW.js";
import "./chunk-ZTSW2VJH.js";
import "./chunk-CEQ3CRBZ.js";
import "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
import "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";
export {
  glancePromotionSource,
  promotionSources
};
