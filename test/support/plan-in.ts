// Planning a repository on disk the way the adapters do (src/wiring.ts): the configuration loaded
// once, then the plan (or the keys) from it.
import { run, type Runner } from '../../src/exec.js';
import { silentLogger, type Logger } from '../../src/log.js';
import { keyConfig, planBuilds, type KeyedConfig, type PlanRequest } from '../../src/plan/plan-builds.js';
import type { Plan } from '../../src/plan/types.js';
import { loadProject, type Project } from '../../src/wiring.js';

export interface PlanInOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  runner?: Runner;
  /** As LoadOptions.builtinElements (null: the committed DIB element list). */
  builtinElements?: ReadonlySet<string> | null;
}

export function projectIn(cwd: string, o: PlanInOptions = {}): Promise<Project> {
  return loadProject({ cwd, env: o.env ?? {}, builtinElements: o.builtinElements });
}

export async function planIn(cwd: string, req: PlanRequest = {}, o: PlanInOptions = {}): Promise<Plan> {
  const project = await projectIn(cwd, o);
  return planBuilds(req, { ...project, logger: o.logger ?? silentLogger, runner: o.runner ?? run });
}

export async function keysIn(cwd: string, o: PlanInOptions = {}): Promise<KeyedConfig> {
  const { config, source } = await projectIn(cwd, o);
  return keyConfig(config, source);
}
