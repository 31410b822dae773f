// The guest's serial console as text: raw bytes in (escape sequences, CRs, a login prompt without
// a newline), clean lines out, and the last N lines kept for the failure message.

// CSI sequences (colours, cursor moves, "?7l"), other two-byte ESC sequences, and control characters.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_c]|[\x00-\x08\x0b-\x1f\x7f]/g;

/** One console line without escape sequences and control characters (CR included). */
function cleanConsoleLine(line: string): string {
  return line.replace(ANSI, '');
}

const MAX_PENDING = 64 * 1024;

export class ConsoleTranscript {
  private readonly tail: string[] = [];
  // Raw bytes after the last newline: an escape sequence may be split across two chunks.
  private pending = '';

  constructor(private readonly keep = 50) {}

  /** Adds console output; returns the lines it completed. */
  feed(raw: string): string[] {
    const parts = (this.pending + raw).split('\n');
    // A guest printing without newlines must not grow memory without bound.
    this.pending = (parts.pop() ?? '').slice(-MAX_PENDING);
    const lines = parts.map(cleanConsoleLine);
    for (const line of lines) {
      this.tail.push(line);
      if (this.tail.length > this.keep) this.tail.shift();
    }
    return lines;
  }

  /** The line being written (a prompt such as "debian login: " ends without a newline). */
  get currentLine(): string {
    return cleanConsoleLine(this.pending);
  }

  /** The last `keep` lines, the unfinished one included. */
  lastLines(): string[] {
    const current = this.currentLine;
    const lines = current ? [...this.tail, current] : [...this.tail];
    return lines.slice(-this.keep);
  }
}
