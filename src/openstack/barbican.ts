// The few Barbican (key-manager v1) calls signing needs: a signing certificate is stored once per
// cloud (project) as a `certificate` secret named after its SHA-256 fingerprint, found again by that
// name, and read back to check an image's signature. Barbican keeps certificates as PEM, which is
// what castellan, and so Glance and Nova, expect to find there.
import { WorldError } from '../errors.js';
import type { Logger } from '../log.js';
import { describeAnswer } from './api-answer.js';
import type { KeystoneSession } from './keystone.js';

const SERVICE = 'key-manager';

export interface StoredCertificate {
  /** The secret's UUID: img_signature_certificate_uuid. */
  uuid: string;
  /** PEM text. */
  pem: string;
}

export interface KeyManager {
  readonly label: string;
  /** The UUID of the certificate with this fingerprint, stored now if the cloud lacks it. */
  ensureCertificate(pem: string, fingerprint: string): Promise<string>;
  /** The certificate a UUID names, or undefined when there is none. */
  getCertificate(uuid: string): Promise<StoredCertificate | undefined>;
}

/** The secret name a certificate is found again by. */
export const certificateSecretName = (fingerprint: string) => `kiln-signing-cert-${fingerprint}`;

export class BarbicanKeyManager implements KeyManager {
  readonly label: string;
  constructor(
    private readonly session: KeystoneSession,
    private readonly logger: Logger,
  ) {
    this.label = session.label;
  }

  async ensureCertificate(pem: string, fingerprint: string): Promise<string> {
    const name = certificateSecretName(fingerprint);
    const found = await this.json('GET', `/v1/secrets?name=${encodeURIComponent(name)}&limit=10`, 'finding');
    const secrets = (found.secrets ?? []) as { secret_ref: string; secret_type?: string }[];
    const existing = secrets.find((s) => s.secret_type === 'certificate');
    if (existing) return uuidOf(existing.secret_ref);
    const created = await this.json('POST', '/v1/secrets', 'storing', {
      name,
      secret_type: 'certificate',
      payload: Buffer.from(pem).toString('base64'),
      payload_content_type: 'application/octet-stream',
      payload_content_encoding: 'base64',
    });
    const uuid = uuidOf(created.secret_ref as string);
    this.logger.info(`${this.label}: stored the signing certificate ${fingerprint} in Barbican as ${uuid}`);
    return uuid;
  }

  async getCertificate(uuid: string): Promise<StoredCertificate | undefined> {
    const path = `/v1/secrets/${encodeURIComponent(uuid)}/payload`;
    const res = await this.session.request(SERVICE, {
      method: 'GET',
      path,
      headers: { Accept: 'application/octet-stream' },
    });
    if (res.status === 404) return undefined;
    if (res.status >= 300) throw this.failure('reading the signing certificate', res);
    return { uuid, pem: res.body.toString('utf8') };
  }

  private async json(
    method: string,
    path: string,
    doing: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> {
    const res = await this.session.request(SERVICE, {
      method,
      path,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status >= 300) throw this.failure(`${doing} the signing certificate in Barbican`, res);
    return JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
  }

  private failure(doing: string, res: Parameters<typeof describeAnswer>[0]): WorldError {
    return new WorldError(
      { doing, target: this.label, answer: describeAnswer(res) },
      { transient: res.status >= 500 },
    );
  }
}

function uuidOf(secretRef: string): string {
  return secretRef.replace(/\/+$/, '').split('/').pop()!;
}
