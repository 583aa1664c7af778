import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm, type FileHandle } from "node:fs/promises";
import path from "node:path";

/** Text is written in chunks of about this many UTF-16 units: one system call per chunk, not per row. */
const CHUNK_CHARACTERS = 64 * 1024;

/** A temporary file beside `file` (same filesystem, so renaming it over `file` is atomic), unique to this call. */
export function temporaryPathFor(file: string): string {
  return `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
}

/**
 * A file written piece by piece that readers only ever see complete: the text goes to a temporary file
 * beside it, and `commit()` renames that over the file. Either `commit()` or `discard()` must end it.
 */
export class AtomicFileWriter {
  private pending: string[] = [];
  private pendingCharacters = 0;
  private closed = false;

  private constructor(
    readonly file: string,
    /** Where the text is until `commit()`: a writer may read it back after `close()`. */
    readonly temporary: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(file: string): Promise<AtomicFileWriter> {
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = temporaryPathFor(file);
    return new AtomicFileWriter(file, temporary, await open(temporary, "w"));
  }

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingCharacters += text.length;
    if (this.pendingCharacters >= CHUNK_CHARACTERS) await this.flush();
  }

  /** Writes what is pending and closes the temporary file; the target is not touched yet. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.handle.close();
  }

  async commit(): Promise<void> {
    await this.close();
    await rename(this.temporary, this.file);
  }

  /** Removes the temporary file; the previous complete file, if any, stays. Never throws. */
  async discard(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await this.handle.close().catch(() => undefined);
    }
    await rm(this.temporary, { force: true }).catch(() => undefined);
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(""), "utf8");
    this.pending = [];
    this.pendingCharacters = 0;
    // A write may take fewer bytes than it was given; the rest follows until the chunk is out.
    for (let offset = 0; offset < bytes.length; ) offset += (await this.handle.write(bytes, offset)).bytesWritten;
  }
}
