// Follows a file another process appends to (qemu's serial log, a builder's log), like `tail -f`:
// reads what was added since the last read. A file is used rather than a pipe so that the whole
// output stays on disk for the operator, the writer never depends on kiln staying alive to read it,
// and partial lines (a login prompt) are seen as soon as they are written.
import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

export class FileFollower {
  private fh?: FileHandle;
  private readonly decoder = new StringDecoder('utf8');

  /** `position`: where to start reading (the size of what was there before the writer started). */
  constructor(
    private readonly path: string,
    private position = 0,
  ) {}

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
