// What every CLI command module provides. Commands are thin: they turn flags into a call of the core
// and the result into output; the core never reads process.argv or process.env itself.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../errors.js';
import type { Logger } from '../log.js';

export interface CommandContext {
  logger: Logger;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Standard output (results, JSON); the logger goes to stderr. */
  stdout: (text: string) => void;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: Options;
  /** Returns the exit code. */
  run(values: Record<string, unknown>, positionals: string[], ctx: CommandContext): Promise<number>;
}

/** parseArgs, with its errors turned into bad input (exit 2) and the usage as the hint. */
export function parseCommandArgs(cmd: Command, argv: string[]) {
  try {
    return parseArgs({ args: argv, options: cmd.options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new InputError(`kiln ${cmd.name}: ${(err as Error).message}`, undefined, `usage: ${cmd.usage}`);
  }
}

/** `-a amd64,arm64` and repeated flags, flattened. */
export function listFlag(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items
    .flatMap((v) => String(v).split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}
