// The action's `test`: static checks and the qemu boot smoke test of the job's builds; the result is
// written into each record.json (publish refuses untested images on sites that require tests). With
// `setup-tools`, qemu (and UEFI firmware where a guest needs it) is installed first when missing.
import { loadConfig } from '../../config/load.js';
import { InputError } from '../../errors.js';
import { testImages } from '../../verify/test-images.js';
import { Input, Output } from '../constants.js';
import { actionInvocation, type ActionCommand } from '../context.js';
import { jobArches } from '../inputs.js';
import { resultRows } from '../result-rows.js';
import { statusGraph } from '../summary.js';
import { setupQemu } from '../tool-setup.js';
import { testDeps } from '../../wiring.js';

export const testAction: ActionCommand = async (ctx) => {
  const { inputs, logger, env, runner, tmp } = ctx;
  if (inputs.images.length === 0) {
    throw new InputError(
      `input '${Input.Images}' is required for test`,
      undefined,
      "pass the matrix entry's images",
    );
  }
  const config = await loadConfig({ cwd: inputs.root, env, configDir: inputs.configDir });
  if (inputs.setupTools) {
    const images = inputs.images.map((n) => config.images.get(n)).filter((i) => i !== undefined);
    const arches = jobArches(inputs.architectures, images);
    await logger.group('Set up qemu for the boot test', () =>
      setupQemu({ arches, runner, logger, env, isRoot: process.getuid?.() === 0 }),
    );
  }
  const outcomes = await testImages(
    { names: inputs.images, output: inputs.resultsDir },
    testDeps(actionInvocation(ctx), config, { tmpDir: tmp }),
  );
  const outcome = (name: string, arch: string) => outcomes.find((o) => o.name === name && o.arch === arch);
  const rows = (await resultRows(inputs.resultsDir, inputs.images, 'skipped')).map((r) => {
    const o = outcome(r.name, r.arch);
    return o ? { ...r, status: o.result.status, detail: o.result.details.split('\n')[0] || undefined } : r;
  });
  const failed = outcomes.filter((o) => o.result.status === 'failed');
  return {
    outputs: {
      [Output.Tested]: JSON.stringify(
        outcomes.map((o) => ({ name: o.name, arch: o.arch, status: o.result.status, record: o.recordPath })),
      ),
      [Output.ResultsDir]: inputs.resultsDir,
    },
    summary: { title: 'kiln test', rows, graph: statusGraph(rows, config) },
    failure:
      failed.length > 0
        ? `${failed.length} of ${outcomes.length} images failed their tests: ${failed.map((o) => `${o.name}/${o.arch}`).join(', ')}`
        : undefined,
  };
};
