// `kiln sync`: the images of a release manifest into another cloud (skip what is there, refuse what
// differs, download + verify + convert + upload the rest).
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { EXIT_FAILURE, EXIT_OK, InputError } from '../../errors.js';
import { SIGNING_KEY_ENV } from '../../signing/signing-key.js';
import { loadManifest } from '../../release/manifest-source.js';
import { sync, syncFailures, type Visibility } from '../../release/sync.js';
import { invocation, syncDeps } from '../../wiring.js';
import { listFlag, type Command } from '../command.js';

const VISIBILITIES: Visibility[] = ['community', 'public', 'private', 'shared'];

export const syncCommand: Command = {
  name: 'sync',
  summary: "bring a release manifest's images into a cloud (skip present, verify, convert, upload)",
  usage:
    'kiln sync --manifest URL|FILE --cloud C [--disk-format F] [--visibility community|public|private|shared] [--only NAME]... [--work-dir D] [--dry-run]',
  options: {
    manifest: { type: 'string' },
    cloud: { type: 'string' },
    'disk-format': { type: 'string' },
    visibility: { type: 'string', default: 'community' },
    only: { type: 'string', multiple: true },
    'work-dir': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
  flags: {
    manifest: ['URL|FILE', "the release's manifest.json"],
    cloud: ['C', 'the clouds.yaml entry of the cloud to sync into'],
    'disk-format': ['F', "convert the images to this disk format (default the manifest's)"],
    visibility: ['V', 'community (default), public, private or shared'],
    only: ['NAME', 'only these manifest entries (comma list or repeated)'],
    'work-dir': ['D', 'where downloads are kept while they are checked (default the temp folder)'],
    'dry-run': ['', 'say what would be uploaded; change nothing'],
  },
  async run(values, _positionals, ctx) {
    const source = values.manifest as string | undefined;
    const cloud = values.cloud as string | undefined;
    if (!source || !cloud)
      throw new InputError(
        'kiln sync: --manifest and --cloud are required',
        undefined,
        `usage: ${this.usage}`,
      );
    const visibility = values.visibility as Visibility;
    if (!VISIBILITIES.includes(visibility)) {
      throw new InputError(
        `kiln sync: unknown visibility '${visibility}'`,
        undefined,
        `use ${VISIBILITIES.join(', ')}`,
      );
    }
    // Bad input first (manifest, cloud settings), before contacting the cloud.
    const manifest = await loadManifest(source, ctx.cwd, ctx.signal);
    const deps = await syncDeps(invocation(ctx), cloud, ctx.env[SIGNING_KEY_ENV]);
    const outcomes = await sync(
      {
        manifest,
        source,
        only: listFlag(values.only),
        diskFormat: values['disk-format'] as string | undefined,
        visibility,
        dryRun: values['dry-run'] as boolean,
        workDir: resolve(ctx.cwd, (values['work-dir'] as string | undefined) ?? tmpdir()),
      },
      deps,
    );
    ctx.stdout(JSON.stringify(outcomes, null, 2) + '\n');
    const failures = syncFailures(outcomes);
    if (failures) ctx.logger.error(failures);
    return failures ? EXIT_FAILURE : EXIT_OK;
  },
};
