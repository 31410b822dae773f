// Follows a file another process appends to (qemu's serial log), like `tail -f`: reads what was
// added since the last read. A file is used rather than a pipe so that the whole console stays on
// disk for the operator, and partial lines (a login prompt) are seen as soon as they are written.
import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

export class FileFollower {
  private fh?: FileHandle;
  private position = 0;
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly path: string) {}

  /** Text appended since the last call ('' when nothing new or the file does not exist yet). */
  async read(): Promise<string> {
    if (!this.fh) {
      try {
        this.fh = await open(this.path, 'r');
      } catch {
        return '';
      }
    }
    let text = '';
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const { bytesRead } = await this.fh.read(buf, 0, buf.length, this.position);
      if (bytesRead === 0) return text;
      this.position += bytesRead;
      text += this.decoder.write(buf.subarray(0, bytesRead));
    }
  }

  async close(): Promise<void> {
    await this.fh?.close();
    this.fh = undefined;
  }
}
