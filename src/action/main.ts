// The GitHub Action adapter: reads the inputs, makes the clouds.yaml secret available, runs the
// command (loaded on demand, so `plan` never pays for the cache or Glance code), then writes the
// outputs and the job summary. Bad input becomes annotations on the config file and line, and exit 2;
// any other failure fails the step with its message, never a stack trace.
import { homedir, tmpdir } from 'node:os';
import { describeError, exitCodeFor, inputErrorsOf } from '../errors.js';
import { run as runProgram } from '../exec.js';
import { Masker, type Logger } from '../log.js';
import { maskKey } from '../signing/signing-key.js';
import { actionsLogger } from './actions-logger.js';
import { writeCloudsYaml } from './clouds-secret.js';
import { coreEnv } from './core-env.js';
import type { CommandName } from './constants.js';
import type { ActionCommand } from './context.js';
import { readInputs } from './inputs.js';
import { renderSummary, type Summary } from './summary.js';
import { appendSummary, getInput, setOutput } from './workflow-commands.js';

const COMMANDS: Record<CommandName, () => Promise<ActionCommand>> = {
  plan: async () => (await import('./commands/plan.js')).planAction,
  build: async () => (await import('./commands/build.js')).buildAction,
  test: async () => (await import('./commands/test.js')).testAction,
  publish: async () => (await import('./commands/publish.js')).publishAction,
  release: async () => (await import('./commands/release.js')).releaseAction,
  sync: async () => (await import('./commands/sync.js')).syncAction,
};

function writeSummary(summary: Summary, masker: Masker, logger: Logger): void {
  if (!appendSummary(masker.mask(renderSummary(summary))))
    logger.debug('no GITHUB_STEP_SUMMARY: summary skipped');
}

/** Bad input: one annotation per error at its file and line; anything else: the message. */
function reportFailure(err: unknown, logger: Logger, masker: Masker): Summary['notes'] {
  const inputs = inputErrorsOf(err);
  if (inputs) {
    for (const e of inputs) logger.error(e.format(), e.pos);
    return inputs.map((e) => `- ❌ ${masker.mask(e.format())}`);
  }
  const message = describeError(err);
  logger.error(message);
  return [`❌ ${masker.mask(message)}`];
}

export async function run(): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const tmp = process.env.RUNNER_TEMP ?? tmpdir();
  const masker = new Masker();
  const logger = actionsLogger(workspace, masker);
  const abort = new AbortController();
  // The runner cancels a step with SIGINT, then SIGTERM: let builders unmount and clean up.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => abort.abort());
  const cleanups: (() => Promise<void>)[] = [];
  let title = 'kiln';
  try {
    const inputs = readInputs((name) => getInput(name), workspace, homedir());
    title = `kiln ${inputs.command}`;
    const env = coreEnv(process.env);
    if (inputs.githubToken) logger.secret(inputs.githubToken);
    if (inputs.signingKey) maskKey(inputs.signingKey, logger);
    if (inputs.cloudsYaml) {
      const clouds = await writeCloudsYaml(inputs.cloudsYaml, tmp, logger);
      cleanups.push(clouds.remove);
      env.OS_CLIENT_CONFIG_FILE = clouds.path;
    }
    const command = await COMMANDS[inputs.command]();
    const result = await command({
      inputs,
      logger,
      env,
      workspace,
      tmp,
      runner: runProgram,
      signal: abort.signal,
    });
    for (const [name, value] of Object.entries(result.outputs)) setOutput(name, value);
    writeSummary(result.summary, masker, logger);
    if (result.failure) {
      logger.error(result.failure);
      process.exitCode = 1;
    }
  } catch (err) {
    const notes = reportFailure(err, logger, masker);
    process.exitCode = exitCodeFor(err);
    try {
      writeSummary({ title: `${title}: failed`, rows: [], notes }, masker, logger);
    } catch {
      // The failure is already in the log; a missing summary file must not hide it.
    }
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((e: Error) => logger.warn(`cleanup: ${e.message}`));
  }
}
