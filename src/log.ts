// The logger every core function takes as a collaborator. The CLI writes to stderr; the action maps
// it onto @actions/core (groups, annotations, masking). Secrets registered with `secret` are masked
// by every logger before anything is written.
import type { SourcePos } from './errors.js';

export interface Logger {
  info(message: string): void;
  warn(message: string, pos?: SourcePos): void;
  error(message: string, pos?: SourcePos): void;
  debug(message: string): void;
  /** A collapsible section in the Actions log; a heading on a terminal. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Register a value that must never appear in a log. */
  secret(value: string): void;
}

export class Masker {
  private readonly values = new Set<string>();
  add(value: string): void {
    // Very short values would mask ordinary words; OpenStack secrets are never this short.
    if (value && value.length >= 4) this.values.add(value);
  }
  mask(text: string): string {
    let out = text;
    for (const v of this.values) out = out.split(v).join('***');
    return out;
  }
}

export interface StreamLoggerOptions {
  write?: (text: string) => void;
  debug?: boolean;
  masker?: Masker;
}

/** A plain logger for the CLI and tests: one line per message on stderr. */
export function streamLogger(options: StreamLoggerOptions = {}): Logger {
  const write = options.write ?? ((t: string) => void process.stderr.write(t));
  const masker = options.masker ?? new Masker();
  const where = (pos?: SourcePos) => (pos ? `${pos.file}:${pos.line}:${pos.col}: ` : '');
  const line = (text: string) => write(masker.mask(text) + '\n');
  return {
    info: (m) => line(m),
    warn: (m, pos) => line(`warning: ${where(pos)}${m}`),
    error: (m, pos) => line(`error: ${where(pos)}${m}`),
    debug: (m) => {
      if (options.debug) line(`debug: ${m}`);
    },
    async group(title, fn) {
      line(`== ${title}`);
      return fn();
    },
    secret: (v) => masker.add(v),
  };
}

/** A logger that discards everything (for benchmarks and quiet helpers). */
export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  group: (_t, fn) => fn(),
  secret() {},
};
