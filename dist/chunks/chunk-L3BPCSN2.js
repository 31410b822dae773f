import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  prop
} from "./chunk-6DYCFFVP.js";

// src/signing/sign-file.ts
import { constants, createSign, createVerify } from "node:crypto";
import { createReadStream } from "node:fs";
var HASH_METHODS = {
  "SHA-224": "sha224",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512"
};
function padding(keyType) {
  return keyType === "RSA-PSS" ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN } : {};
}
async function feed(into, data) {
  for await (const chunk of data) into.update(chunk);
}
async function signFile(file, key, keyType, hashMethod) {
  const signer = createSign(HASH_METHODS[hashMethod]);
  await feed(signer, createReadStream(file, { highWaterMark: 1 << 20 }));
  return signer.sign({ key, ...padding(keyType) }).toString("base64");
}
async function verifyData(data, publicKey, keyType, hashMethod, signature) {
  const verifier = createVerify(HASH_METHODS[hashMethod]);
  await feed(verifier, data);
  return verifier.verify(
    // For verifying, the PSS salt-length constant means "any length", as cursive checks it.
    { key: publicKey, ...padding(keyType) },
    Buffer.from(signature, "base64")
  );
}

// src/signing/signature-properties.ts
var SIG = {
  signature: "img_signature",
  hashMethod: "img_signature_hash_method",
  keyType: "img_signature_key_type",
  certificateUuid: "img_signature_certificate_uuid",
  /** kiln's: SHA-256 fingerprint of the signing certificate (hex, no colons). */
  fingerprint: "kiln_signing_cert_sha256"
};
function signatureProperties(s) {
  return {
    [SIG.signature]: s.signature,
    [SIG.hashMethod]: s.hashMethod,
    [SIG.keyType]: s.keyType,
    [SIG.certificateUuid]: s.certificateUuid,
    [SIG.fingerprint]: s.fingerprint
  };
}
function signatureOf(image) {
  const signature = prop(image, SIG.signature);
  const hashMethod = prop(image, SIG.hashMethod);
  const keyType = prop(image, SIG.keyType);
  const certificateUuid = prop(image, SIG.certificateUuid);
  if (!signature || !hashMethod || !keyType || !certificateUuid) return void 0;
  return { signature, hashMethod, keyType, certificateUuid, fingerprint: prop(image, SIG.fingerprint) ?? "" };
}

export {
  signFile,
  verifyData,
  signatureProperties,
  signatureOf
};
