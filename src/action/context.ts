// What an action command gets and gives back. Commands are thin: inputs -> a core call (wired by
// src/wiring.ts) -> outputs and a job summary; main.ts does everything common (inputs, secrets,
// errors, writing results).
import type { Runner } from '../exec.js';
import type { Logger } from '../log.js';
import type { Output } from './constants.js';
import type { ActionInputs } from './inputs.js';
import type { Summary } from './summary.js';
import { invocation, type Invocation } from '../wiring.js';

export interface ActionContext {
  inputs: ActionInputs;
  logger: Logger;
  /** The environment for the core (OS_CLIENT_CONFIG_FILE points at the clouds.yaml secret). */
  env: NodeJS.ProcessEnv;
  /** GITHUB_WORKSPACE. */
  workspace: string;
  /** RUNNER_TEMP: removed by the runner after the job. */
  tmp: string;
  runner: Runner;
  signal: AbortSignal;
}

export interface ActionResult {
  outputs: Partial<Record<Output, string>>;
  summary: Summary;
  /** Set when some image failed: the step fails with this message after outputs and summary are written. */
  failure?: string;
}

export type ActionCommand = (ctx: ActionContext) => Promise<ActionResult>;

/** The run as the stages' wiring takes it (src/wiring.ts): the repository is the `root` input. */
export function actionInvocation(ctx: ActionContext, env: NodeJS.ProcessEnv = ctx.env): Invocation {
  return invocation({
    cwd: ctx.inputs.root,
    env,
    logger: ctx.logger,
    signal: ctx.signal,
    runner: ctx.runner,
  });
}
