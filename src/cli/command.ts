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

/** A flag's help line: its value's placeholder ('' for a switch) and what it does. */
export type FlagHelp = readonly [placeholder: string, meaning: string];

export interface Command {
  name: string;
  /** One line: `kiln --help` lists it; `kiln <name> --help` prints it under the usage. */
  summary: string;
  /** The synopsis; also the hint of every usage error. */
  usage: string;
  options: Options;
  /** `--help`'s line for each option, by option name (a test keeps them in step with `options`). */
  flags: Record<string, FlagHelp>;
  /** `--help`'s lines for the positional arguments, if the command takes any. */
  operands?: Record<string, string>;
  /** Returns the exit code. */
  run(values: Record<string, unknown>, positionals: string[], ctx: CommandContext): Promise<number>;
}

/**
 * What `kiln <name> --help` prints. The single source of a command's usage: docs/cli/<name>.md shows
 * exactly this text (a test keeps them equal).
 */
export function helpText(cmd: Command): string {
  const options = Object.entries(cmd.options).map(([name, spec]) => {
    const [placeholder, meaning] = cmd.flags[name] ?? ['', ''];
    const forms = [...(spec.short ? [`-${spec.short}`] : []), `--${name}`].join(', ');
    return [placeholder ? `${forms} ${placeholder}` : forms, meaning] as const;
  });
  options.push(['-h, --help', 'print this help']);
  const operands = Object.entries(cmd.operands ?? {});
  const width = Math.max(...[...options, ...operands].map(([left]) => left.length));
  const rows = (list: (readonly [string, string])[]) => list.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`);
  return [
    `usage: ${cmd.usage}`,
    '',
    cmd.summary,
    ...(operands.length ? ['', 'arguments:', ...rows(operands)] : []),
    '',
    'options:',
    ...rows(options),
    '',
  ].join('\n');
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
