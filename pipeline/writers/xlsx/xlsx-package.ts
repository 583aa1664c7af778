import { createWriteStream } from "node:fs";
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ZipFile } from "yazl";
import { contentTypesXml, corePropertiesXml, ROOT_RELATIONSHIPS_XML, workbookRelationshipsXml, workbookXml, worksheetPath, type SheetEntry } from "./package-parts.js";
import { SheetWriter } from "./sheet-writer.js";
import { STYLES_XML } from "./styles.js";
import { filterRange, type SheetFrame } from "./worksheet-xml.js";

/**
 * An .xlsx file written as it goes: a zip (yazl, deflated, ZIP64 once it needs it) streamed into `file`, one
 * worksheet entry after the other, with the workbook parts that list the sheets added once they are all known.
 * Either `close()` or `discard()` must end it. Any failure of the zip or the file aborts the sheet being
 * written (see `SheetWriter`), and `close()` rejects with it.
 */
export class XlsxPackage {
  private readonly zip = new ZipFile();
  private readonly file: ReturnType<typeof createWriteStream>;
  private readonly failure = new AbortController();
  private readonly written: Promise<void>;
  private readonly sheets: SheetEntry[] = [];
  private current: SheetWriter | null = null;

  constructor(path: string) {
    this.file = createWriteStream(path);
    // yazl stops writing after an error of its own: the output is ended with it so `written` settles too.
    this.zip.on("error", (error: Error) => {
      this.fail(error);
      this.zip.outputStream.destroy(error);
    });
    this.written = pipeline(this.zip.outputStream, this.file);
    // Observed here so a failure while no one awaits `written` is recorded, not an unhandled rejection.
    this.written.catch((error: unknown) => this.fail(error));
    // MIME sniffers (libmagic's `file`, upload checks) tell a workbook from a zip by its first entry: an `xl/`
    // part or [Content_Types].xml. The content types list the sheets, unknown until the end; the styles are not.
    this.zip.addBuffer(Buffer.from(STYLES_XML), "xl/styles.xml");
    this.zip.addBuffer(Buffer.from(ROOT_RELATIONSHIPS_XML), "_rels/.rels");
  }

  /** Starts the next worksheet (closing the one before); its rows go to the returned writer. */
  async addSheet(title: string, frame: SheetFrame): Promise<SheetWriter> {
    await this.current?.end();
    const entry = new PassThrough();
    this.zip.addReadStream(entry, worksheetPath(this.sheets.length));
    this.sheets.push({ title, filterRange: filterRange(frame) });
    this.current = new SheetWriter(entry, frame, this.failure.signal);
    return this.current;
  }

  /** Ends the last sheet, adds the parts that list the sheets, and resolves once the file is complete on disk. */
  async close(creator: string): Promise<void> {
    await this.current?.end();
    this.current = null;
    const count = this.sheets.length;
    this.zip.addBuffer(Buffer.from(corePropertiesXml(creator, new Date())), "docProps/core.xml");
    this.zip.addBuffer(Buffer.from(workbookXml(this.sheets)), "xl/workbook.xml");
    this.zip.addBuffer(Buffer.from(workbookRelationshipsXml(count)), "xl/_rels/workbook.xml.rels");
    this.zip.addBuffer(Buffer.from(contentTypesXml(count)), "[Content_Types].xml");
    this.zip.end();
    await this.written;
  }

  /** Stops writing and closes the file, which stays incomplete for the caller to remove. Never throws. */
  async discard(): Promise<void> {
    this.current?.destroy();
    this.current = null;
    this.fail(new Error("the workbook was discarded"));
    this.zip.outputStream.destroy();
    await this.written.catch(() => undefined);
    // The file is closed asynchronously after a destroy; removing it before may fail where open files are locked.
    if (!this.file.closed) await new Promise<void>((resolve) => this.file.once("close", () => resolve()));
  }

  private fail(error: unknown): void {
    if (!this.failure.signal.aborted) this.failure.abort(error);
  }
}
