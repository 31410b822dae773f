// The signature Glance checks on upload (cursive): the key signs the hash (img_signature_hash_method)
// of exactly the bytes of the upload, RSA keys with RSA-PSS (MGF1 with the same hash, the largest
// salt, as cursive verifies it) and EC keys with ECDSA (DER-encoded). The file is read once, streamed.
import { constants, createSign, createVerify, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** Glance's hash method names and Node's. */
const HASH_METHODS: Record<string, string> = {
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function padding(keyType: string) {
  return keyType === 'RSA-PSS'
    ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN }
    : {};
}

async function feed(into: { update(chunk: Buffer): unknown }, data: Readable): Promise<void> {
  for await (const chunk of data as AsyncIterable<Buffer>) into.update(chunk);
}

/** The base64 img_signature of the file. */
export async function signFile(
  file: string,
  key: KeyObject,
  keyType: string,
  hashMethod: string,
): Promise<string> {
  const signer = createSign(HASH_METHODS[hashMethod]!);
  await feed(signer, createReadStream(file, { highWaterMark: 1 << 20 }));
  return signer.sign({ key, ...padding(keyType) }).toString('base64');
}

/** Whether `signature` (base64) is a signature of the data by the certificate's key. */
export async function verifyData(
  data: Readable,
  publicKey: KeyObject,
  keyType: string,
  hashMethod: string,
  signature: string,
): Promise<boolean> {
  const verifier = createVerify(HASH_METHODS[hashMethod]!);
  await feed(verifier, data);
  return verifier.verify(
    // For verifying, the PSS salt-length constant means "any length", as cursive checks it.
    { key: publicKey, ...padding(keyType) },
    Buffer.from(signature, 'base64'),
  );
}
