// JSON lines over a byte stream, as the core helper and its host speak them (shared/wire.ts).
// A line longer than MAX_MESSAGE_BYTES is dropped unread, up to its newline, and reported, so a
// huge or endless line can neither exhaust memory nor stop the stream.
import { MAX_MESSAGE_BYTES } from '../../shared/wire';

export type LineEvent = { kind: 'line'; text: string } | { kind: 'oversized'; bytes: number };

export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private skipping = false; // inside an oversized line, waiting for its end
  private skipped = 0;

  constructor(private readonly onLine: (e: LineEvent) => void, private readonly max = MAX_MESSAGE_BYTES) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      const piece = chunk.subarray(start, end);
      if (this.skipping) this.skipped += piece.length;
      else if (this.size + piece.length > this.max) {
        this.skipping = true;
        this.skipped = this.size + piece.length;
        this.parts = [];
        this.size = 0;
      } else if (piece.length > 0) {
        this.parts.push(piece);
        this.size += piece.length;
      }
      if (nl === -1) break;
      this.endLine();
      start = nl + 1;
    }
  }

  private endLine(): void {
    if (this.skipping) {
      this.onLine({ kind: 'oversized', bytes: this.skipped });
      this.skipping = false;
      this.skipped = 0;
      return;
    }
    const text = Buffer.concat(this.parts, this.size).toString('utf8');
    this.parts = [];
    this.size = 0;
    if (text.trim() !== '') this.onLine({ kind: 'line', text });
  }
}
