// The core's Logger on top of @actions/core: groups become collapsible log sections, warnings and
// errors with a source position become annotations on that file and line, secrets are masked by the
// runner (add-mask) and, for output written before the runner sees the mask, by our own Masker.
import * as core from '@actions/core';
import { isAbsolute, relative } from 'node:path';
import type { SourcePos } from '../errors.js';
import { Masker, type Logger } from '../log.js';

/** Annotation properties for a position; GitHub attaches them only to repository-relative paths. */
export function annotationFor(pos: SourcePos, workspace: string): core.AnnotationProperties {
  const rel = isAbsolute(pos.file) ? relative(workspace, pos.file) : pos.file;
  return {
    file: rel.startsWith('..') ? pos.file : rel.split('\\').join('/'),
    startLine: pos.line,
    startColumn: pos.col,
  };
}

export function actionsLogger(workspace: string, masker = new Masker()): Logger {
  const m = (text: string) => masker.mask(text);
  return {
    info: (message) => core.info(m(message)),
    warn: (message, pos) => core.warning(m(message), pos && annotationFor(pos, workspace)),
    error: (message, pos) => core.error(m(message), pos && annotationFor(pos, workspace)),
    debug: (message) => core.debug(m(message)),
    group: (title, fn) => core.group(m(title), fn),
    secret(value) {
      masker.add(value);
      if (value) core.setSecret(value);
    },
  };
}
