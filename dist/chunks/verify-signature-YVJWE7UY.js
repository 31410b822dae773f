import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);
import {
  listFlag
} from "./chunk-V4EEMMM5.js";
import {
  checkNamedImages,
  sitesFor
} from "./chunk-VWCB7QRI.js";
import {
  signatureOf,
  verifyData
} from "./chunk-L3BPCSN2.js";
import {
  namedSites
} from "./chunk-BPPNOVBD.js";
import {
  isStaging
} from "./chunk-6DYCFFVP.js";
import {
  invocation,
  siteReaders
} from "./chunk-EF6PQXA6.js";
import "./chunk-IZ24G5OD.js";
import "./chunk-H2N2AFCW.js";
import {
  glanceName,
  loadConfig
} from "./chunk-PUPMCPPH.js";
import "./chunk-DJTE6M5J.js";
import "./chunk-PULXAN4K.js";
import "./chunk-YDNOFHPX.js";
import "./chunk-SRPYJRT6.js";
import "./chunk-UW7J5A5E.js";
import "./chunk-YDMM63TT.js";
import {
  fingerprintOf,
  loadCertificate
} from "./chunk-2RI5WXA3.js";
import "./chunk-BDGH5S5U.js";
import "./chunk-VNYJLFTL.js";
import {
  InputError
} from "./chunk-SXABORS3.js";
import "./chunk-NRF5ZCPO.js";

// src/signing/verify-published.ts
import { X509Certificate } from "node:crypto";
import { Readable } from "node:stream";
async function verifySignatures(req, deps) {
  const { config } = deps;
  checkNamedImages(config.images, req.images);
  namedSites(config.sites, req.sites, "--site");
  const checks = [];
  for (const imageName of req.images) {
    const image = config.images.get(imageName);
    const expected = image.signing ? (await loadCertificate(image.signing, config.root, deps.now())).fingerprint : void 0;
    for (const arch of image.architectures) {
      const name = glanceName(image, arch);
      for (const site of sitesFor(image, arch, config.sites, req.sites).sites)
        checks.push(await checkOne(site, name, expected, deps));
    }
  }
  return checks;
}
async function checkOne(site, name, expected, deps) {
  const fail = (detail, more = {}) => ({
    site: site.name,
    name,
    ok: false,
    detail,
    ...more
  });
  const glance = await deps.connect(site);
  const images = await glance.listImages({ name, owner: glance.projectId, visibility: "all" });
  const image = images.find((i) => i.status === "active" && !isStaging(i));
  if (!image) return fail("no active image of that name");
  const signature = signatureOf(image);
  if (!signature) return fail("not signed (no img_signature properties)", { image_id: image.id });
  const at = { image_id: image.id };
  const stored = await (await deps.keyManager(site)).getCertificate(signature.certificateUuid);
  if (!stored) return fail(`certificate ${signature.certificateUuid} is not in Barbican`, at);
  let cert;
  try {
    cert = new X509Certificate(stored.pem);
  } catch {
    return fail(`Barbican secret ${signature.certificateUuid} is not an X.509 certificate`, at);
  }
  const fingerprint = fingerprintOf(cert.raw);
  const withCert = { ...at, certificate_sha256: fingerprint };
  if (signature.fingerprint && signature.fingerprint !== fingerprint)
    return fail(
      `Barbican's certificate is ${fingerprint}, the image says ${signature.fingerprint}`,
      withCert
    );
  if (expected && expected !== fingerprint)
    return fail(`signed with certificate ${fingerprint}, images.yaml configures ${expected}`, withCert);
  if (new Date(cert.validTo).getTime() < deps.now().getTime())
    return fail(`the certificate expired on ${new Date(cert.validTo).toISOString()}`, withCert);
  deps.logger.info(`${name} on site ${site.name}: reading image ${image.id} to check its signature`);
  const data = Readable.from(await deps.openData(site, image.id));
  const ok = await verifyData(
    data,
    cert.publicKey,
    signature.keyType,
    signature.hashMethod,
    signature.signature
  );
  if (!ok) return fail("the data Glance holds does not match its signature", withCert);
  return { site: site.name, name, ok: true, detail: "verified", ...withCert };
}

// src/cli/commands/verify-signature.ts
var USAGE = "kiln verify-signature IMAGE... [--site S]... [--config-dir D]";
var verifySignatureCommand = {
  name: "verify-signature",
  summary: "check a published image's data in Glance against its signature and Barbican's certificate",
  usage: USAGE,
  options: {
    site: { type: "string", multiple: true },
    "config-dir": { type: "string" }
  },
  flags: {
    site: ["S", "only this site (repeatable; default every site the image is published to)"],
    "config-dir": ["D", "folder of images.yaml, sites.yaml, third-party.yaml (default config/)"]
  },
  operands: { "IMAGE...": "the images whose published data to check" },
  async run(values, positionals, ctx) {
    if (positionals.length === 0)
      throw new InputError("kiln verify-signature: name at least one image", void 0, `usage: ${USAGE}`);
    const config = await loadConfig({
      cwd: ctx.cwd,
      env: ctx.env,
      configDir: values["config-dir"]
    });
    const inv = invocation(ctx);
    const checks = await verifySignatures(
      { images: positionals, sites: listFlag(values.site) },
      { config, ...await siteReaders(inv), logger: inv.logger, now: inv.now }
    );
    for (const c of checks) {
      const cert = c.certificate_sha256 ? `	certificate ${c.certificate_sha256}` : "";
      ctx.stdout(`${c.site}	${c.name}	${c.image_id ?? "-"}	${c.detail}${cert}
`);
    }
    return checks.every((c) => c.ok) ? 0 : 1;
  }
};
export {
  verifySignatureCommand
};
