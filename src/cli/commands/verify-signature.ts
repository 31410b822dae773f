// kiln verify-signature IMAGE... [--site S]... [--config-dir D]
// Flags -> the signature check (src/signing/verify-published.ts) -> one line per image and site.
import { loadConfig } from '../../config/load.js';
import { InputError } from '../../errors.js';
import { verifySignatures } from '../../signing/verify-published.js';
import { invocation, siteReaders } from '../../wiring.js';
import { listFlag, type Command } from '../command.js';

const USAGE = 'kiln verify-signature IMAGE... [--site S]... [--config-dir D]';

export const verifySignatureCommand: Command = {
  name: 'verify-signature',
  summary: "check a published image's data in Glance against its signature and Barbican's certificate",
  usage: USAGE,
  options: {
    site: { type: 'string', multiple: true },
    'config-dir': { type: 'string' },
  },
  flags: {
    site: ['S', 'only this site (repeatable; default every site the image is published to)'],
    'config-dir': ['D', 'folder of images.yaml, sites.yaml, third-party.yaml (default config/)'],
  },
  operands: { 'IMAGE...': 'the images whose published data to check' },
  async run(values, positionals, ctx) {
    if (positionals.length === 0)
      throw new InputError('kiln verify-signature: name at least one image', undefined, `usage: ${USAGE}`);
    const config = await loadConfig({
      cwd: ctx.cwd,
      env: ctx.env,
      configDir: values['config-dir'] as string | undefined,
    });
    const inv = invocation(ctx);
    const checks = await verifySignatures(
      { images: positionals, sites: listFlag(values.site) },
      { config, ...(await siteReaders(inv)), logger: inv.logger, now: inv.now },
    );
    for (const c of checks) {
      const cert = c.certificate_sha256 ? `\tcertificate ${c.certificate_sha256}` : '';
      ctx.stdout(`${c.site}\t${c.name}\t${c.image_id ?? '-'}\t${c.detail}${cert}\n`);
    }
    return checks.every((c) => c.ok) ? 0 : 1;
  },
};
