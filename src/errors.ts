// Two kinds of failure reach the user. Bad input (InputError) carries where in which file it is and
// exits 2 before anything is built, uploaded or renamed. A failure of the world (WorldError: a build
// that fails, Glance answering 500) says what was being done, to what, and what came back; exit 1.

export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

export class InputError extends Error {
  readonly pos?: SourcePos;
  readonly hint?: string;
  constructor(message: string, pos?: SourcePos, hint?: string) {
    super(message);
    this.name = 'InputError';
    this.pos = pos;
    this.hint = hint;
  }

  /** `file:line:col: message (hint)`; without a position, just the message. */
  format(): string {
    const where = this.pos ? `${this.pos.file}:${this.pos.line}:${this.pos.col}: ` : '';
    return `${where}${this.message}${this.hint ? ` (${this.hint})` : ''}`;
  }
}

/** Several input errors reported at once (kiln validate lists them all). */
export class InputErrors extends Error {
  readonly errors: InputError[];
  constructor(errors: InputError[]) {
    super(errors.map((e) => e.format()).join('\n'));
    this.name = 'InputErrors';
    this.errors = errors;
  }
}

export interface WorldContext {
  /** What kiln was doing, e.g. "uploading staging image". */
  doing: string;
  /** To what, e.g. "debian-12 (amd64) on site kvm-site". */
  target?: string;
  /** What came back, e.g. "HTTP 500: Internal Server Error". */
  answer?: string;
}

export class WorldError extends Error {
  readonly context: WorldContext;
  /** Doing the same again may well work: a connection that broke, a service's 5xx. */
  readonly transient: boolean;
  constructor(context: WorldContext, options?: { cause?: unknown; transient?: boolean }) {
    super(
      [context.doing, context.target && `(${context.target})`, context.answer && `: ${context.answer}`]
        .filter(Boolean)
        .join(' ')
        .replace(' :', ':'),
      options,
    );
    this.name = 'WorldError';
    this.context = context;
    this.transient = options?.transient ?? false;
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/** Input errors as a flat list, or undefined when `err` is not bad input. */
export function inputErrorsOf(err: unknown): InputError[] | undefined {
  if (err instanceof InputErrors) return err.errors;
  if (err instanceof InputError) return [err];
  return undefined;
}

export function exitCodeFor(err: unknown): number {
  return inputErrorsOf(err) ? EXIT_BAD_INPUT : EXIT_FAILURE;
}

/** The message to show for any error; unexpected ones keep their text but never their stack. */
export function describeError(err: unknown): string {
  const inputs = inputErrorsOf(err);
  if (inputs) return inputs.map((e) => e.format()).join('\n');
  if (err instanceof Error) return err.message;
  return String(err);
}
