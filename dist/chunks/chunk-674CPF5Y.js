import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  transferProgress
} from "./chunk-B5AUNYM4.js";
import {
  BackgroundHasher
} from "./chunk-ZTSW2VJH.js";
import {
  WorldError
} from "./chunk-SXABORS3.js";

// src/image-build/verified-write.ts
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
async function writeVerified(body, dest, want, options) {
  const { label, promisedBy } = options;
  const doing = `downloading ${options.source}`;
  const part = `${dest}.part-${process.pid}`;
  const hasher = new BackgroundHasher(["sha256", "sha512"]);
  const progress = transferProgress((l) => options.logger.info(l), "downloading", label, want.size);
  let got = 0;
  const out = createWriteStream(part);
  try {
    try {
      for await (const chunk of body) {
        const hashed = hasher.update(chunk);
        got += chunk.length;
        progress.update(got);
        if (!out.write(chunk)) await once(out, "drain");
        await hashed;
      }
    } catch (err) {
      throw new WorldError(
        {
          doing,
          target: label,
          answer: `the download broke off after ${got}${want.size === void 0 ? "" : ` of ${want.size}`} bytes: ${causeOf(err)}`
        },
        { cause: err, transient: true }
      );
    } finally {
      out.end();
      await once(out, "close");
    }
    const { sha256, sha512 } = await hasher.digest();
    progress.finish(got);
    const digest = { size: got, sha256, sha512 };
    const problem = want.size !== void 0 && got !== want.size ? `got ${got} bytes, ${promisedBy} says ${want.size}` : want.sha256 && digest.sha256 !== want.sha256 ? `sha256 of the download is ${digest.sha256}, ${promisedBy} says ${want.sha256}` : want.sha512 && digest.sha512 !== want.sha512 ? `sha512 of the download is ${digest.sha512}, ${promisedBy} says ${want.sha512}` : void 0;
    if (problem) {
      throw new WorldError({
        doing: `verifying ${options.source}`,
        target: label,
        answer: `${problem}; ${options.consequence}`
      });
    }
    await rename(part, dest);
    return digest;
  } finally {
    hasher.close();
    await rm(part, { force: true });
  }
}
function causeOf(err) {
  const e = err;
  const inner = e.cause ? `${e.cause.message}${e.cause.code ? ` (${e.cause.code})` : ""}` : "";
  return inner ? `${e.message}: ${inner}` : e.message;
}

export {
  writeVerified
};
