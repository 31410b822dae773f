// `kiln build`: flags -> the build core (src/image-build/build-images.ts) -> a summary line per build on stdout.
import { resolve } from 'node:path';
import { buildImages } from '../../image-build/build-images.js';
import { buildProgress } from '../../image-build/progress.js';
import { InputError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { buildDeps, invocation, loadProject } from '../../wiring.js';
import { listFlag, type Command } from '../command.js';

const USAGE =
  'kiln build IMAGE... [-a ARCHS] [-t N] [-f|--force] [--output DIR] [--promote-from SITE]... [--config-dir D]';

/** In GitHub Actions, sections become collapsible groups of the job log. */
function actionsGroups(logger: Logger, write: (text: string) => void): Logger {
  return {
    ...logger,
    async group(title, fn) {
      write(`::group::${title}\n`);
      try {
        return await fn();
      } finally {
        write('::endgroup::\n');
      }
    },
  };
}

export const buildCommand: Command = {
  name: 'build',
  summary: 'build images with DIB or Packer (parents first, unchanged keys reused)',
  usage: USAGE,
  options: {
    arch: { type: 'string', short: 'a', multiple: true },
    threads: { type: 'string', short: 't' },
    force: { type: 'boolean', short: 'f' },
    output: { type: 'string' },
    'promote-from': { type: 'string', multiple: true },
    'config-dir': { type: 'string' },
  },
  flags: {
    arch: [
      'ARCHS',
      "architectures to build (amd64, arm64; comma list or repeated; default each image's own)",
    ],
    threads: ['N', 'run up to N builds at once (default 1)'],
    force: ['', 'rebuild even when the build key is in the local build index; promote nothing'],
    output: ['DIR', 'where each build lands as DIR/<name>/<arch>/ (default out)'],
    'promote-from': [
      'SITE',
      "take builds of the same key from these sites' Glance instead of building them (repeatable)",
    ],
    'config-dir': ['D', 'folder of images.yaml, sites.yaml, third-party.yaml (default config/)'],
  },
  operands: { 'IMAGE...': 'images to build (their parents are built first when needed)' },
  async run(values, positionals, ctx) {
    const slots = values.threads === undefined ? 1 : Number(values.threads);
    if (!Number.isInteger(slots) || slots < 1) {
      throw new InputError(`kiln build: -t wants a whole number of builds at once, got '${values.threads}'`);
    }
    // Before the config loads, as the build core would (it checks again for its other callers).
    if (positionals.length === 0)
      throw new InputError('kiln build: name at least one image', undefined, `usage: ${USAGE}`);
    const inActions = ctx.env.GITHUB_ACTIONS === 'true';
    const stderr = (t: string) => void process.stderr.write(t);
    const logger = inActions ? actionsGroups(ctx.logger, stderr) : ctx.logger;
    const tty =
      !inActions && process.stderr.isTTY ? { write: stderr, columns: process.stderr.columns } : undefined;
    const project = await loadProject({
      cwd: ctx.cwd,
      env: ctx.env,
      configDir: values['config-dir'] as string | undefined,
    });
    const result = await buildImages(
      {
        images: positionals,
        arches: listFlag(values.arch),
        output: resolve(ctx.cwd, (values.output as string | undefined) ?? 'out'),
        slots,
        force: values.force === true,
        // `--promote-from 'a b'` as a workflow variable often spells a list: spaces separate too.
        promoteFrom: listFlag(values['promote-from'])
          .flatMap((s) => s.split(/\s+/))
          .filter(Boolean),
      },
      await buildDeps(invocation({ ...ctx, logger }), project, { progress: buildProgress({ logger, tty }) }),
    );
    ctx.stdout(result.summary + '\n');
    return result.exitCode;
  },
};
