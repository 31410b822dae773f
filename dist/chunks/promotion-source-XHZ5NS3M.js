import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  glancePromotionSource,
  promotionSources
} from "./chunk-L57PSMEH.js";
import "./chunk-BPPNOVBD.js";
import "./chunk-6DYCFFVP.js";
import "./chunk-IKW727T5.js";
import "./chunk-PULXAN4K.js";
import "./chunk-GWZ6W45I.js";
import "./chunk-6YP4CZUQ.js";
import "./chunk-KCH6PF2G.js";
import "./chunk-PKW3LEPS.js";
import "./chunk-CEQ3CRBZ.js";
import "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
import "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";
export {
  glancePromotionSource,
  promotionSources
};
