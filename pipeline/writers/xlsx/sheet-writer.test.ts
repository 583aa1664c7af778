import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { SheetWriter } from "./sheet-writer.js";
import { CELL_STYLE } from "./styles.js";

const FRAME = { widths: [10, 10, 10], styles: [CELL_STYLE.general, CELL_STYLE.integer, CELL_STYLE.general], filtered: true };

/** A disk that takes a chunk only every few milliseconds, remembering the most it ever held unwritten. */
function slowDisk(): { stream: Writable; written: () => number; mostBuffered: () => number } {
  let written = 0;
  let mostBuffered = 0;
  const stream = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _encoding, done) {
      mostBuffered = Math.max(mostBuffered, stream.writableLength);
      written += chunk.length;
      setTimeout(done, 1);
    },
  });
  return { stream, written: () => written, mostBuffered: () => mostBuffered };
}

describe("SheetWriter", () => {
  it("waits for a slow disk instead of holding the rows in memory", async () => {
    const disk = slowDisk();
    const sheet = new SheetWriter(disk.stream, FRAME, new AbortController().signal);
    await sheet.writeHeader(["name", "count", "note"]);
    const note = "整理装订群众来信案件档案".repeat(4);
    for (let row = 0; row < 40_000; row += 1) await sheet.writeRow([`项目 ${row}`, row, note]);
    await sheet.end();
    expect(sheet.rows).toBe(40_001);
    expect(disk.written()).toBeGreaterThan(8_000_000);
    // At most the stream's own buffer and one chunk (64 Ki UTF-16 units, up to 3 bytes each in UTF-8).
    expect(disk.mostBuffered()).toBeLessThan(16 * 1024 + 3 * 64 * 1024);
  });

  it("stops waiting for a drain with the package's failure once the package has failed", async () => {
    // A disk that never finishes a write: the writer soon waits for a drain that will not come.
    const stuck = new Writable({ highWaterMark: 1024, write() {} });
    const failure = new AbortController();
    const sheet = new SheetWriter(stuck, FRAME, failure.signal);
    const diskFull = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    setTimeout(() => failure.abort(diskFull), 20);
    const writing = (async () => {
      for (let row = 0; ; row += 1) await sheet.writeRow([`项目 ${row}`, row, "x".repeat(100)]);
    })();
    await expect(writing).rejects.toBe(diskFull);
  });

  it("numbers the rows after the header and gives each cell its column's letters and format", async () => {
    let xml = "";
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => ((xml += chunk.toString("utf8")), done()) });
    const sheet = new SheetWriter(sink, FRAME, new AbortController().signal);
    await sheet.writeHeader(["name", "count", "note"]);
    await sheet.writeRow(["a", 1, null]);
    await sheet.writeRow([null, null, true]);
    await sheet.end();
    expect(xml).toContain('<row r="1" s="3" customFormat="1"><c r="A1" s="3" t="inlineStr"><is><t>name</t></is></c>');
    expect(xml).toContain('<row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c><c r="B2" s="1"><v>1</v></c></row>');
    expect(xml).toContain('<row r="3"><c r="B3" s="1"/><c r="C3" t="b"><v>1</v></c></row>');
    expect(xml).toMatch(/<\/sheetData><autoFilter ref="A1:C1"\/><pageMargins [^>]*\/><\/worksheet>$/);
  });
});
