import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  WorldError
} from "./chunk-SXABORS3.js";

// src/build/verified-write.ts
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
async function writeVerified(body, dest, want, options) {
  const { label, promisedBy } = options;
  const doing = `downloading ${options.source}`;
  const part = `${dest}.part-${process.pid}`;
  const sha256 = createHash("sha256");
  const sha512 = createHash("sha512");
  const start = Date.now();
  let lastLog = start;
  let got = 0;
  const progress = () => {
    const t = Date.now();
    if (t - lastLog < 5e3) return;
    lastLog = t;
    const mb = (n) => (n / 1e6).toFixed(0);
    options.logger.info(
      `${label}: downloaded ${mb(got)} of ${mb(want.size)} MB (${mb(got * 1e3 / (t - start))} MB/s)`
    );
  };
  const out = createWriteStream(part);
  try {
    try {
      for await (const chunk of body) {
        sha256.update(chunk);
        sha512.update(chunk);
        got += chunk.length;
        progress();
        if (!out.write(chunk)) await once(out, "drain");
      }
    } catch (err) {
      throw new WorldError(
        {
          doing,
          target: label,
          answer: `the download broke off after ${got} of ${want.size} bytes: ${causeOf(err)}`
        },
        { cause: err, transient: true }
      );
    } finally {
      out.end();
      await once(out, "close");
    }
    const digest = { size: got, sha256: sha256.digest("hex"), sha512: sha512.digest("hex") };
    const problem = got !== want.size ? `got ${got} bytes, ${promisedBy} says ${want.size}` : want.sha256 && digest.sha256 !== want.sha256 ? `sha256 of the download is ${digest.sha256}, ${promisedBy} says ${want.sha256}` : want.sha512 && digest.sha512 !== want.sha512 ? `sha512 of the download is ${digest.sha512}, ${promisedBy} says ${want.sha512}` : void 0;
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
    await rm(part, { force: true });
  }
}
function causeOf(err) {
  const e = err;
  const inner = e.cause ? `${e.cause.message}${e.cause.code ? ` (${e.cause.code})` : ""}` : "";
  return inner ? `${e.message}: ${inner}` : e.message;
}

export {
  writeVerified,
  causeOf
};
