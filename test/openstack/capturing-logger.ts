// A logger for tests that keeps every line (masked like the real one) and every registered secret.
import { Masker, streamLogger, type Logger } from '../../src/log.js';

export function capturingLogger(): { logger: Logger; lines: string[]; secrets: string[] } {
  const lines: string[] = [];
  const secrets: string[] = [];
  const masker = new Masker();
  const inner = streamLogger({ write: (t) => lines.push(t.replace(/\n$/, '')), masker, debug: true });
  const logger: Logger = {
    ...inner,
    secret(v) {
      secrets.push(v);
      inner.secret(v);
    },
  };
  return { logger, lines, secrets };
}
