// The command table, in the order `kiln --help` lists them.
import type { Command } from '../command.js';
import { validateCommand } from './validate.js';
import { schemaCommand } from './schema.js';
import { planCommand } from './plan.js';
import { buildCommand } from './build.js';
import { testCommand } from './test.js';
import { publishCommand } from './publish.js';
import { releaseCommand } from './release.js';
import { syncCommand } from './sync.js';
import { devCloudCommand } from './dev-cloud.js';

export const COMMANDS: Command[] = [
  validateCommand,
  schemaCommand,
  planCommand,
  buildCommand,
  testCommand,
  publishCommand,
  releaseCommand,
  syncCommand,
  devCloudCommand,
];
