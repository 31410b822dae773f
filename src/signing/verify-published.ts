// `kiln verify-signature`: checks what Glance holds against the certificate, as Nova would before a
// boot: the image named N on each site carries the four signature properties, the certificate they
// name is in that cloud's Barbican, is the one images.yaml configures (when it does) and is valid now,
// and the image data Glance serves verifies against the signature.
import { X509Certificate } from 'node:crypto';
import { Readable } from 'node:stream';
import type { KilnConfig, Site } from '../config/types.js';
import type { Logger } from '../log.js';
import { checkNamedImages } from '../config/named-images.js';
import { namedSites } from '../config/named-sites.js';
import type { KeyManager } from '../openstack/barbican.js';
import { glanceName } from '../openstack/glance-name.js';
import type { GlanceClient } from '../openstack/glance-types.js';
import { isStaging } from '../publish/kiln-markers.js';
import { sitesFor } from '../publish/site-selection.js';
import { verifyData } from './sign-file.js';
import { signatureOf } from './signature-properties.js';
import { fingerprintOf, loadCertificate } from './signing-key.js';

export interface VerifySignatureRequest {
  images: string[];
  /** `--site` filters; empty = every site each image selects. */
  sites: string[];
}

export interface VerifySignatureDeps {
  config: KilnConfig;
  connect: (site: Site) => Promise<GlanceClient>;
  keyManager: (site: Site) => Promise<KeyManager>;
  /** The image's data as Glance serves it. */
  openData: (site: Site, imageId: string) => Promise<AsyncIterable<Uint8Array>>;
  logger: Logger;
  now: () => Date;
}

export interface SignatureCheck {
  site: string;
  name: string;
  image_id?: string;
  ok: boolean;
  certificate_sha256?: string;
  /** What was found: "verified" or why not. */
  detail: string;
}

export async function verifySignatures(
  req: VerifySignatureRequest,
  deps: VerifySignatureDeps,
): Promise<SignatureCheck[]> {
  const { config } = deps;
  checkNamedImages(config.images, req.images);
  namedSites(config.sites, req.sites, '--site');
  const checks: SignatureCheck[] = [];
  for (const imageName of req.images) {
    const image = config.images.get(imageName)!;
    // The configured certificate (bad input if unreadable or expired), to compare with Barbican's.
    const expected = image.signing
      ? (await loadCertificate(image.signing, config.root, deps.now())).fingerprint
      : undefined;
    for (const arch of image.architectures) {
      const name = glanceName(image, arch);
      for (const site of sitesFor(image, arch, config.sites, req.sites).sites)
        checks.push(await checkOne(site, name, expected, deps));
    }
  }
  return checks;
}

async function checkOne(
  site: Site,
  name: string,
  expected: string | undefined,
  deps: VerifySignatureDeps,
): Promise<SignatureCheck> {
  const fail = (detail: string, more: Partial<SignatureCheck> = {}) => ({
    site: site.name,
    name,
    ok: false,
    detail,
    ...more,
  });
  const glance = await deps.connect(site);
  const images = await glance.listImages({ name, owner: glance.projectId, visibility: 'all' });
  const image = images.find((i) => i.status === 'active' && !isStaging(i));
  if (!image) return fail('no active image of that name');
  const signature = signatureOf(image);
  if (!signature) return fail('not signed (no img_signature properties)', { image_id: image.id });
  const at = { image_id: image.id };
  const stored = await (await deps.keyManager(site)).getCertificate(signature.certificateUuid);
  if (!stored) return fail(`certificate ${signature.certificateUuid} is not in Barbican`, at);
  let cert: X509Certificate;
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
      withCert,
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
    signature.signature,
  );
  if (!ok) return fail('the data Glance holds does not match its signature', withCert);
  return { site: site.name, name, ok: true, detail: 'verified', ...withCert };
}
