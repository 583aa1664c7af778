import { once } from "node:events";
import type { Writable } from "node:stream";
import { headerRowXml, rowLayout, rowXml, type RowLayout, type SheetCell } from "./cell-xml.js";
import { worksheetEndXml, worksheetStartXml, type SheetFrame } from "./worksheet-xml.js";

/** Rows are handed to the stream in chunks of about this many UTF-16 units: one write per chunk, not per row. */
const CHUNK_CHARACTERS = 64 * 1024;

/**
 * One worksheet part written row by row into `stream` (the zip entry's input). A chunk waits for the stream
 * to drain before the next is made, so a slow disk slows the rows down instead of piling them up in memory.
 * `signal` is aborted when the package failed: a wait for a drain that will never come ends with its reason.
 */
export class SheetWriter {
  private pending: string[] = [];
  private pendingCharacters = 0;
  private rowCount = 0;
  private readonly layout: RowLayout;

  constructor(
    private readonly stream: Writable,
    private readonly frame: SheetFrame,
    private readonly signal: AbortSignal,
  ) {
    this.layout = rowLayout(frame.styles);
    const start = worksheetStartXml(frame);
    this.pending.push(start);
    this.pendingCharacters = start.length;
  }

  /** Rows written so far, the header included. */
  get rows(): number {
    return this.rowCount;
  }

  async writeHeader(headers: readonly string[]): Promise<void> {
    this.rowCount += 1;
    await this.push(headerRowXml(headers));
  }

  async writeRow(cells: readonly SheetCell[]): Promise<void> {
    this.rowCount += 1;
    await this.push(rowXml(this.rowCount, cells, this.layout));
  }

  /** Closes the part; the zip finishes the entry once it has read it. */
  async end(): Promise<void> {
    this.pending.push(worksheetEndXml(this.frame));
    await this.flush();
    this.stream.end();
  }

  /** Drops the part without finishing it, after a failure. */
  destroy(): void {
    this.pending = [];
    this.stream.destroy();
  }

  private async push(xml: string): Promise<void> {
    this.pending.push(xml);
    this.pendingCharacters += xml.length;
    if (this.pendingCharacters >= CHUNK_CHARACTERS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.signal.aborted) throw this.signal.reason;
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending.join(""), "utf8");
    this.pending = [];
    this.pendingCharacters = 0;
    if (this.stream.write(chunk)) return;
    try {
      await once(this.stream, "drain", { signal: this.signal });
    } catch (error) {
      throw this.signal.aborted ? this.signal.reason : error;
    }
  }
}
