// The core's Logger as workflow commands: groups become collapsible log sections, warnings and
// errors with a source position become annotations on that file and line, secrets are masked by the
// runner (add-mask) and, for text we render ourselves (the job summary), by our own Masker.
import { isAbsolute, relative } from 'node:path';
import type { SourcePos } from '../errors.js';
import { Masker, type Logger } from '../log.js';
import { issueCommand, type CommandProperties } from './workflow-commands.js';

/** Annotation properties for a position; GitHub attaches them only to repository-relative paths. */
function annotationFor(pos: SourcePos, workspace: string): CommandProperties {
  const rel = isAbsolute(pos.file) ? relative(workspace, pos.file) : pos.file;
  return { file: rel.startsWith('..') ? pos.file : rel.split('\\').join('/'), line: pos.line, col: pos.col };
}

export function actionsLogger(workspace: string, masker = new Masker()): Logger {
  const m = (text: string) => masker.mask(text);
  const at = (pos?: SourcePos) => (pos ? annotationFor(pos, workspace) : {});
  return {
    info: (message) => void process.stdout.write(m(message) + '\n'),
    warn: (message, pos) => issueCommand('warning', m(message), at(pos)),
    error: (message, pos) => issueCommand('error', m(message), at(pos)),
    // Shown when the workflow turns on step debug logging.
    debug: (message) => issueCommand('debug', m(message)),
    async group(title, fn) {
      issueCommand('group', m(title));
      try {
        return await fn();
      } finally {
        issueCommand('endgroup', '');
      }
    },
    secret(value) {
      masker.add(value);
      if (value) issueCommand('add-mask', value);
    },
  };
}
