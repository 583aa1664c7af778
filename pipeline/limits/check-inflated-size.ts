import { constants, createInflate, inflateSync } from "node:zlib";
import { PdfTooCostlyError } from "../errors.js";

/**
 * The cheap pre-check against decompression bombs: before pdf.js parses anything, every FlateDecode stream
 * that is not an image (page contents, fonts, object streams) is inflated here into nothing, counting bytes,
 * and the document is refused as soon as the total passes the bound. A 2 MB file whose content stream inflates
 * to 2 GB would otherwise be parsed whole into operators (11 GB of memory, minutes of CPU). Memory stays at one
 * chunk; CPU is bounded by the limit. Images are left to the worker's memory and time limits: their decoded
 * size is their pixels, which pdf.js bounds by the declared width and height.
 *
 * Streams are found in the raw bytes (`stream` … `endstream` after a dictionary that names /FlateDecode), which
 * is what a bomb needs to be seen: a stream inside a compressed object stream cannot itself be a stream.
 */
export async function checkInflatedSize(bytes: Uint8Array, limitBytes: number, document: string): Promise<number> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (const stream of flateStreams(buffer)) {
    const stopAfter = limitBytes - total + 1;
    total += inflatedLengthAtOnce(stream, stopAfter) ?? (await inflatedLength(stream, stopAfter));
    if (total > limitBytes) {
      throw new PdfTooCostlyError(
        `${document} inflates to more than --max-inflated-mb ${Math.round(limitBytes / 1048576)} (compressed streams other than images, checked before parsing): a decompression bomb, or a very large genuine document; raise --max-inflated-mb to read it`,
        { document, limit: "--max-inflated-mb" },
      );
    }
  }
  return total;
}

const STREAM = Buffer.from("stream");
const END_STREAM = Buffer.from("endstream");
/** How far back from `stream` its dictionary may start: dictionaries of content streams and fonts are short. */
const DICTIONARY_WINDOW = 4096;

function* flateStreams(buffer: Buffer): Generator<Buffer> {
  let from = 0;
  for (;;) {
    const keyword = buffer.indexOf(STREAM, from);
    if (keyword < 0) return;
    from = keyword + STREAM.length;
    // `endstream` contains `stream`; a real keyword follows a dictionary's `>>` and precedes an end of line.
    if (keyword >= 3 && buffer.subarray(keyword - 3, keyword).toString("latin1") === "end") continue;
    let start = from;
    if (buffer[start] === 0x0d) start++;
    if (buffer[start] !== 0x0a && buffer[start - 1] !== 0x0d) continue;
    if (buffer[start] === 0x0a) start++;
    const head = buffer.subarray(Math.max(0, keyword - DICTIONARY_WINDOW), keyword).toString("latin1");
    const dictionary = head.slice(head.lastIndexOf("obj") + 1);
    if (!dictionary.trimEnd().endsWith(">>")) continue;
    const end = buffer.indexOf(END_STREAM, start);
    if (end < 0) return;
    from = end + END_STREAM.length;
    if (!/\/FlateDecode\b|\/Fl\b/.test(dictionary) || /\/Subtype\s*\/Image\b/.test(dictionary)) continue;
    yield buffer.subarray(start, end);
  }
}

/**
 * Most streams are small (a Chromium PDF has a thousand or more): inflated in one synchronous call, into at
 * most this much memory. A stream that would inflate to more is counted by the streaming path instead.
 */
const AT_ONCE_BYTES = 8 * 1024 * 1024;

/** Bytes `compressed` inflates to, or null when the streaming path must count it (too large, or damaged). */
function inflatedLengthAtOnce(compressed: Buffer, stopAfter: number): number | null {
  try {
    return inflateSync(compressed, { maxOutputLength: Math.min(stopAfter, AT_ONCE_BYTES), finishFlush: constants.Z_SYNC_FLUSH }).length;
  } catch {
    return null;
  }
}

/** Bytes `compressed` inflates to, counting no further than `stopAfter`. A damaged stream counts what came out. */
function inflatedLength(compressed: Buffer, stopAfter: number): Promise<number> {
  return new Promise((resolve) => {
    let length = 0;
    const inflate = createInflate({ chunkSize: 256 * 1024, finishFlush: constants.Z_SYNC_FLUSH });
    const finish = () => {
      inflate.removeAllListeners();
      inflate.destroy();
      resolve(length);
    };
    inflate.on("data", (chunk: Buffer) => {
      length += chunk.length;
      if (length >= stopAfter) finish();
    });
    inflate.on("end", finish);
    inflate.on("error", finish);
    inflate.end(compressed);
  });
}
