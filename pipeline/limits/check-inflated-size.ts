import { constants, createInflate, inflateSync } from "node:zlib";
import { PdfTooCostlyError } from "../errors.js";

/**
 * The cheap pre-check against decompression bombs: before pdf.js parses anything, the FlateDecode streams
 * that are not images (page contents, fonts, object streams) are shown to inflate to no more than
 * `limitBytes` in total, or the document is refused. A 2 MB file whose content stream inflates to 2 GB would
 * otherwise be parsed whole into operators (11 GB of memory, minutes of CPU). Images are left to the worker's
 * memory and time limits: their decoded size is their pixels, which pdf.js bounds by the declared width and
 * height.
 *
 * Deflate cannot expand more than 1032 times (a 258-byte match in two bits), so most documents are proven
 * safe by their compressed sizes alone: 256 MB allows 254 KB of Flate streams unread. Only when that bound
 * is over the limit are streams inflated, into nothing, counting bytes, largest first, until the exact
 * counts plus the bound of the rest fit (accept) or the counts alone pass the limit (refuse). Memory stays at
 * one chunk; CPU is bounded by the limit. (Inflating every stream cost 5 ms a document: Chromium writes
 * hundreds of small streams.) A stream behind n Flate filters may expand 1032^n times, and is counted so.
 *
 * Streams are found in the raw bytes (`stream` … `endstream` after a dictionary that names /FlateDecode), which
 * is what a bomb needs to be seen: a stream inside a compressed object stream cannot itself be a stream.
 *
 * Returns the bound it proved: at least what the streams inflate to, exact where it had to inflate.
 */
export async function checkInflatedSize(bytes: Uint8Array, limitBytes: number, document: string): Promise<number> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const streams = [...flateStreams(buffer)].sort((a, b) => b.data.length - a.data.length);
  let bound = streams.reduce((sum, stream) => sum + expansionBound(stream.data.length, stream.filters), 0);
  let counted = 0;
  for (const stream of streams) {
    if (counted + bound <= limitBytes) break;
    bound -= expansionBound(stream.data.length, stream.filters);
    // The first filter's output, counted no further than the limit needs; later Flate filters may expand it again.
    const stopAfter = Math.ceil((limitBytes - counted + 1) / DEFLATE_MAX_RATIO ** (stream.filters - 1));
    const firstLevel = inflatedLengthAtOnce(stream.data, stopAfter) ?? (await inflatedLength(stream.data, stopAfter));
    counted += firstLevel * DEFLATE_MAX_RATIO ** (stream.filters - 1);
    if (counted > limitBytes) {
      throw new PdfTooCostlyError(
        `${document} inflates to more than --max-inflated-mb ${Math.round(limitBytes / 1048576)} (compressed streams other than images, checked before parsing): a decompression bomb, or a very large genuine document; raise --max-inflated-mb to read it`,
        { document, limit: "--max-inflated-mb" },
      );
    }
  }
  return counted + bound;
}

/** Deflate's largest expansion: 258 output bytes for a length and a distance code of one bit each. */
const DEFLATE_MAX_RATIO = 1032;

/** The most `compressedLength` bytes behind `filters` Flate filters can inflate to. */
function expansionBound(compressedLength: number, filters: number): number {
  return compressedLength * DEFLATE_MAX_RATIO ** filters;
}

interface FlateStream {
  readonly data: Buffer;
  /** How many FlateDecode filters its /Filter names. */
  readonly filters: number;
}

const STREAM = Buffer.from("stream");
const END_STREAM = Buffer.from("endstream");
/** How far back from `stream` its dictionary may start: dictionaries of content streams and fonts are short. */
const DICTIONARY_WINDOW = 4096;

function* flateStreams(buffer: Buffer): Generator<FlateStream> {
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
    const filters = dictionary.match(/\/FlateDecode\b|\/Fl\b/g)?.length ?? 0;
    if (filters === 0 || /\/Subtype\s*\/Image\b/.test(dictionary)) continue;
    yield { data: buffer.subarray(start, end), filters };
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
