// Signing during publish: every signing key the images use is loaded and checked before anything is
// uploaded (bad input otherwise); then each file a site uploads is signed once (after any conversion:
// Glance checks the bytes it receives), and the certificate is put into each site's Barbican once.
import type { ResolvedImage, Site, SigningConfig } from '../config/types.js';
import { InputError, InputErrors } from '../errors.js';
import type { Logger } from '../log.js';
import type { KeyManager } from '../openstack/barbican.js';
import { signFile } from '../signing/sign-file.js';
import type { GlanceImage } from '../openstack/glance-types.js';
import { signatureOf, signatureProperties, type ImageSignature } from '../signing/signature-properties.js';
import { loadSigningKey, type SigningKey } from '../signing/signing-key.js';
import type { UploadFile } from './convert.js';
import type { PublishResult } from './result-file.js';

export interface SigningOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  now: Date;
  /** A site's Barbican. */
  keyManager: (site: Site) => Promise<KeyManager>;
}

const configId = (c: SigningConfig) => `${c.pos.file}:${c.pos.line}:${c.pos.col}`;

export class PublishSigner {
  private readonly signatures = new Map<string, Promise<string>>();
  private readonly uuids = new Map<string, Promise<string>>();

  private constructor(
    private readonly keys: Map<string, SigningKey>,
    private readonly options: SigningOptions,
  ) {}

  /** Loads and checks the signing key of every image that has one; all problems at once. */
  static async load(images: ResolvedImage[], options: SigningOptions): Promise<PublishSigner> {
    const configs = new Map<string, SigningConfig>();
    for (const image of images) if (image.signing) configs.set(configId(image.signing), image.signing);
    const keys = new Map<string, SigningKey>();
    const errors: InputError[] = [];
    for (const [id, config] of configs) {
      try {
        keys.set(id, await loadSigningKey(config, { ...options, keyRequired: true }));
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        errors.push(err);
      }
    }
    if (errors.length) throw new InputErrors(errors);
    return new PublishSigner(keys, options);
  }

  /** The certificate fingerprint an image is signed with, if it is signed. */
  fingerprint(image: ResolvedImage): string | undefined {
    return image.signing && this.keys.get(configId(image.signing))?.certificate.fingerprint;
  }

  /** What the publish result records of a signed image: the certificate and the image's signature. */
  resultFields(image: ResolvedImage, published: GlanceImage): Partial<PublishResult> {
    const key = image.signing && this.keys.get(configId(image.signing));
    const s = signatureOf(published);
    if (!key || !s || s.fingerprint !== key.certificate.fingerprint) return {};
    return {
      signing_certificate_sha256: s.fingerprint,
      signature: {
        img_signature: s.signature,
        img_signature_hash_method: s.hashMethod,
        img_signature_key_type: s.keyType,
        certificate_sha256: s.fingerprint,
        certificate: key.certificate.pem,
      },
    };
  }

  /** The signature properties for uploading `file` to `site`; none for an image without signing. */
  async propertiesFor(image: ResolvedImage, file: UploadFile, site: Site): Promise<Record<string, string>> {
    const key = image.signing && this.keys.get(configId(image.signing));
    if (!key) return {};
    const { certificate, keyType, hashMethod } = key;
    const sigId = `${certificate.fingerprint}:${hashMethod}:${file.path}`;
    let signature = this.signatures.get(sigId);
    if (!signature) {
      this.options.logger.info(
        `signing ${file.path} (${keyType}, ${hashMethod}, certificate ${certificate.fingerprint})`,
      );
      signature = signFile(file.path, key.privateKey!, keyType, hashMethod);
      this.signatures.set(sigId, signature);
    }
    const uuidId = `${site.cloud}:${certificate.fingerprint}`;
    let uuid = this.uuids.get(uuidId);
    if (!uuid) {
      uuid = this.options
        .keyManager(site)
        .then((km) => km.ensureCertificate(certificate.pem, certificate.fingerprint));
      this.uuids.set(uuidId, uuid);
    }
    const sig: ImageSignature = {
      signature: await signature,
      hashMethod,
      keyType,
      certificateUuid: await uuid,
      fingerprint: certificate.fingerprint,
    };
    return signatureProperties(sig);
  }
}
