import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  InputError
} from "./chunk-SXABORS3.js";

// src/signing/signing-key.ts
import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
var SIGNING_KEY_ENV = "KILN_SIGNING_KEY";
var EC_KEY_TYPES = {
  secp384r1: "ECC_SECP384R1",
  secp521r1: "ECC_SECP521R1"
};
function maskKey(pem, logger) {
  logger.secret(pem);
  for (const line of pem.split(/\r?\n/)) if (!line.startsWith("-----")) logger.secret(line.trim());
}
function fingerprintOf(der) {
  return new X509Certificate(der).fingerprint256.replace(/:/g, "").toLowerCase();
}
async function readText(path, what, config) {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    throw new InputError(
      `signing: cannot read the ${what} ${path}: ${err.code ?? err.message}`,
      config.pos
    );
  }
}
async function loadCertificate(config, root, now) {
  const path = resolve(root, config.certificate_file);
  const pem = await readText(path, "certificate_file", config);
  let cert;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new InputError(`signing: ${path} is not an X.509 certificate (PEM or DER)`, config.pos);
  }
  const notAfter = new Date(cert.validTo);
  if (notAfter.getTime() < now.getTime()) {
    throw new InputError(
      `signing: the certificate ${path} expired on ${notAfter.toISOString()}`,
      config.pos,
      "Glance and Nova refuse signatures of an expired certificate; issue a new one"
    );
  }
  if (new Date(cert.validFrom).getTime() > now.getTime()) {
    throw new InputError(
      `signing: the certificate ${path} is not valid before ${new Date(cert.validFrom).toISOString()}`,
      config.pos
    );
  }
  return { pem, der: cert.raw, fingerprint: fingerprintOf(cert.raw), notAfter };
}
function keyTypeOf(cert, config) {
  const key = cert.publicKey;
  if (key.asymmetricKeyType === "rsa") return "RSA-PSS";
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType === "ec" && curve && EC_KEY_TYPES[curve]) return EC_KEY_TYPES[curve];
  throw new InputError(
    `signing: the certificate's ${key.asymmetricKeyType}${curve ? ` (${curve})` : ""} key is not one Glance verifies`,
    config.pos,
    "use an RSA key (RSA-PSS) or an EC key on P-384 or P-521"
  );
}
async function loadSigningKey(config, options) {
  const certificate = await loadCertificate(config, options.root, options.now);
  const cert = new X509Certificate(certificate.der);
  const keyType = keyTypeOf(cert, config);
  const fromEnv = options.env[SIGNING_KEY_ENV];
  let pem;
  let source;
  if (fromEnv) {
    pem = fromEnv;
    source = `$${SIGNING_KEY_ENV}`;
  } else if (config.key_file) {
    source = resolve(options.root, config.key_file);
    pem = await readText(source, "key_file", config);
  } else {
    source = "";
  }
  if (pem === void 0) {
    if (!options.keyRequired) return { certificate, keyType, hashMethod: config.hash_method };
    throw new InputError(
      "signing: no private key to sign with",
      config.pos,
      `set ${SIGNING_KEY_ENV} to the PEM key (a CI secret) or signing.key_file`
    );
  }
  maskKey(pem, options.logger);
  let privateKey;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new InputError(
      `signing: ${source} is not a PEM private key (or it is encrypted)`,
      config.pos,
      "kiln needs an unencrypted PKCS#8, PKCS#1 or SEC1 PEM key"
    );
  }
  if (!cert.checkPrivateKey(privateKey)) {
    throw new InputError(
      `signing: the private key from ${source} does not match the certificate ${config.certificate_file} (SHA-256 ${certificate.fingerprint})`,
      config.pos
    );
  }
  return { certificate, keyType, hashMethod: config.hash_method, privateKey };
}

export {
  SIGNING_KEY_ENV,
  maskKey,
  fingerprintOf,
  loadCertificate,
  loadSigningKey
};
