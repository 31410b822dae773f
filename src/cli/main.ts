// The CLI adapter: picks the command, parses its flags, runs it, maps errors to exit codes.
import { describeError, exitCodeFor, EXIT_BAD_INPUT, EXIT_OK } from '../errors.js';
import { Masker, streamLogger } from '../log.js';
import { helpText, parseCommandArgs, type CommandContext } from './command.js';
import { COMMANDS } from './commands/index.js';
import { KILN_VERSION } from '../version.js';

export interface MainOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  signal?: AbortSignal;
}

/** What `kiln --help` prints; also the command list of docs/cli/README.md (a test keeps them equal). */
export async function overview(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'kiln: build OpenStack cloud images and publish them to Glance safely',
    '',
    'usage: kiln <command> [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'kiln <command> --help' for a command's options. Exit codes: 0 ok, 1 build/publish failure, 2 bad input.",
    '',
  ].join('\n');
}

export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const stdout = options.stdout ?? ((t: string) => void process.stdout.write(t));
  const stderr = options.stderr ?? ((t: string) => void process.stderr.write(t));
  const env = options.env ?? process.env;
  const masker = new Masker();
  const logger = streamLogger({ write: stderr, masker, debug: env.KILN_DEBUG === '1' });
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? stdout : stderr)(await overview());
    return name ? EXIT_OK : EXIT_BAD_INPUT;
  }
  if (name === '--version' || name === '-V') {
    stdout(`${KILN_VERSION}\n`);
    return EXIT_OK;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    stderr(`kiln: unknown command '${name}'\n\n${await overview()}`);
    return EXIT_BAD_INPUT;
  }
  const cmd = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    stdout(helpText(cmd));
    return EXIT_OK;
  }
  const ctx: CommandContext = {
    logger,
    cwd: options.cwd ?? process.cwd(),
    env,
    stdout,
    signal: options.signal ?? new AbortController().signal,
  };
  try {
    const { values, positionals } = parseCommandArgs(cmd, rest);
    return await cmd.run(values, positionals, ctx);
  } catch (err) {
    stderr(masker.mask(describeError(err)) + '\n');
    if (env.KILN_DEBUG === '1' && err instanceof Error && err.stack) stderr(masker.mask(err.stack) + '\n');
    return exitCodeFor(err);
  }
}
