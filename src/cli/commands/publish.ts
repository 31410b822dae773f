// `kiln publish`: flags -> the publish core (src/publish/publish.ts) -> one line per image and site
// on stdout.
import { resolve } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { InputError } from '../../errors.js';
import { publish, type SwapMode } from '../../publish/publish.js';
import { invocation, publishDeps } from '../../wiring.js';
import { listFlag, type Command } from '../command.js';

const USAGE =
  'kiln publish IMAGE... [--site S]... [--from DIR] [--dry-run] [--swap all|per-site] [--config-dir D]';
const SWAP_MODES: SwapMode[] = ['all', 'per-site'];

export const publishCommand: Command = {
  name: 'publish',
  summary: 'publish built images to their Glance sites (staging, verify, archive-and-rename)',
  usage: USAGE,
  options: {
    site: { type: 'string', multiple: true },
    from: { type: 'string' },
    'dry-run': { type: 'boolean' },
    swap: { type: 'string' },
    'config-dir': { type: 'string' },
  },
  flags: {
    site: ['S', 'only these sites (comma list or repeated; default every site the image selects)'],
    from: ['DIR', 'where the build records are (default out)'],
    'dry-run': ['', 'read what Glance holds and say what would change; change nothing'],
    swap: ['MODE', 'all (default: rename only once every site has a verified staging image) or per-site'],
    'config-dir': ['D', 'folder of images.yaml, sites.yaml, third-party.yaml (default config/)'],
  },
  operands: { 'IMAGE...': 'images whose builds to publish' },
  async run(values, positionals, ctx) {
    if (positionals.length === 0)
      throw new InputError('kiln publish: name at least one image', undefined, `usage: ${USAGE}`);
    const swap = (values.swap ?? 'all') as SwapMode;
    if (!SWAP_MODES.includes(swap)) {
      throw new InputError(
        `kiln publish: --swap must be ${SWAP_MODES.join(' or ')}, not '${String(values.swap)}'`,
      );
    }
    const config = await loadConfig({
      cwd: ctx.cwd,
      env: ctx.env,
      configDir: values['config-dir'] as string | undefined,
    });
    const dryRun = values['dry-run'] === true;
    const results = await publish(
      {
        images: positionals,
        sites: listFlag(values.site),
        from: resolve(ctx.cwd, (values.from as string | undefined) ?? 'out'),
        dryRun,
        swap,
      },
      await publishDeps(invocation(ctx), config, { print: (line) => ctx.stdout(`${line}\n`) }),
    );
    for (const r of results) {
      const archived = r.archived ? `, archived ${r.archived.id} as ${r.archived.name}` : '';
      ctx.stdout(`${r.site}\t${r.image_name}\t${r.image_id}\t${r.status}${archived}\n`);
    }
    return 0;
  },
};
