import { createRequire as __kilnCreateRequire } from 'node:module'; const require = __kilnCreateRequire(import.meta.url);

// src/errors.ts
var InputError = class extends Error {
  pos;
  hint;
  constructor(message, pos, hint) {
    super(message);
    this.name = "InputError";
    this.pos = pos;
    this.hint = hint;
  }
  /** `file:line:col: message (hint)`; without a position, just the message. */
  format() {
    const where = this.pos ? `${this.pos.file}:${this.pos.line}:${this.pos.col}: ` : "";
    return `${where}${this.message}${this.hint ? ` (${this.hint})` : ""}`;
  }
};
var InputErrors = class extends Error {
  errors;
  constructor(errors) {
    super(errors.map((e) => e.format()).join("\n"));
    this.name = "InputErrors";
    this.errors = errors;
  }
};
var WorldError = class extends Error {
  context;
  /** Doing the same again may well work: a connection that broke, a service's 5xx. */
  transient;
  constructor(context, options) {
    super(
      [context.doing, context.target && `(${context.target})`, context.answer && `: ${context.answer}`].filter(Boolean).join(" ").replace(" :", ":"),
      options
    );
    this.name = "WorldError";
    this.context = context;
    this.transient = options?.transient ?? false;
  }
};
var EXIT_OK = 0;
var EXIT_FAILURE = 1;
var EXIT_BAD_INPUT = 2;
function inputErrorsOf(err) {
  if (err instanceof InputErrors) return err.errors;
  if (err instanceof InputError) return [err];
  return void 0;
}
function exitCodeFor(err) {
  return inputErrorsOf(err) ? EXIT_BAD_INPUT : EXIT_FAILURE;
}
function describeError(err) {
  const inputs = inputErrorsOf(err);
  if (inputs) return inputs.map((e) => e.format()).join("\n");
  if (err instanceof Error) return err.message;
  return String(err);
}

export {
  InputError,
  InputErrors,
  WorldError,
  EXIT_OK,
  EXIT_FAILURE,
  EXIT_BAD_INPUT,
  inputErrorsOf,
  exitCodeFor,
  describeError
};
