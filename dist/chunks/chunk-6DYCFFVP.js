import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/publish/kiln-markers.ts
import { randomBytes } from "node:crypto";
var TAG_STAGING = "kiln:staging";
var TAG_ARCHIVED = "kiln:archived";
var PROP = {
  target: "kiln_target",
  verified: "kiln_verified",
  buildKey: "kiln_build_key",
  sourceSha512: "kiln_source_sha512",
  sourceSha256: "kiln_source_sha256",
  gitSha: "kiln_git_sha",
  version: "kiln_version",
  buildDate: "kiln_build_date",
  archivedAt: "kiln_archived_at",
  replacedBy: "kiln_replaced_by",
  /** `<time> <host>:<pid>` refreshed while a publish owns the staging image (src/publish/heartbeat.ts). */
  heartbeat: "kiln_heartbeat"
};
function stagingName(name, key, random = randomBytes(4).toString("hex")) {
  return `${name}.kiln-staging-${key.slice(0, 8)}-${random}`;
}
function prop(image, key) {
  const v = image[key];
  return typeof v === "string" ? v : void 0;
}
var isStaging = (image) => image.tags.includes(TAG_STAGING);
function isVerified(image) {
  return image.status === "active" && image.os_hash_algo === "sha512" && !!image.os_hash_value && prop(image, PROP.verified) === image.os_hash_value;
}

export {
  TAG_STAGING,
  TAG_ARCHIVED,
  PROP,
  stagingName,
  prop,
  isStaging,
  isVerified
};
