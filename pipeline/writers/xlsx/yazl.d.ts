/** The part of yazl 3 (which ships no types) that the xlsx package uses. */
declare module "yazl" {
  import { EventEmitter } from "node:events";
  import type { Readable } from "node:stream";

  export interface EntryOptions {
    readonly mtime?: Date;
    readonly compress?: boolean;
    readonly compressionLevel?: number;
  }

  /** A zip written to `outputStream` entry by entry, in the order added; emits `error`. */
  export class ZipFile extends EventEmitter {
    readonly outputStream: Readable;
    addBuffer(buffer: Buffer, metadataPath: string, options?: EntryOptions): void;
    addReadStream(readStream: Readable, metadataPath: string, options?: EntryOptions): void;
    end(): void;
  }
}
