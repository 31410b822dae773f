import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/image-build/file-digest.ts
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
async function digestFile(path) {
  const sha256 = createHash("sha256");
  const sha512 = createHash("sha512");
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    sha256.update(chunk);
    sha512.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: sha256.digest("hex"), sha512: sha512.digest("hex") };
}

export {
  digestFile
};
