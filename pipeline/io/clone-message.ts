/**
 * A copy of a message as `structuredClone(message, { transfer })` would give it, for the plain data pdf.js's
 * worker posts to its display side in the same thread (text items, operator lists, fonts): objects of any
 * class become plain objects of their own enumerable properties, arrays, typed arrays, Maps and Sets are
 * copied, primitives kept, and a transferred buffer (or a view onto one) is handed over as it is.
 * Anything else (an Error, a Date, a function, a cycle) is left to `structuredClone` itself, for the whole
 * message, so the result is always what it would have been.
 *
 * Why: pdf.js's same-thread worker copies every message with `structuredClone` (the worker goes on mutating
 * what it sent: an operator list's arrays are emptied as soon as a chunk is posted). V8's clone serializes
 * to bytes and parses them back; this walks the value once.
 *
 * Two differences, invisible to pdf.js: an object reached twice is copied twice (structuredClone keeps the
 * sharing; the walk is bounded, so a graph whose sharing would multiply the copies goes to structuredClone);
 * and a transferred buffer is not detached from the sender. A transfer is the sender giving a buffer up: across
 * threads it would be detached, so pdf.js never touches one again (a font's serialized data, an image's
 * pixels, a path's coordinates), and handing the same buffer over costs nothing, where copying the fonts'
 * (FontInfo.write, one fresh buffer a font) was 0.16 CPU-s of each reader thread over 38 text PDFs.
 */
export function cloneMessage<T>(value: T, transfer: readonly Transferable[] = []): T {
  if (!transfer.every((item) => item instanceof ArrayBuffer)) return structuredClone(value, { transfer: [...transfer] });
  const walk: Walk = { objects: MAX_OBJECTS, transfer: new Set(transfer as ArrayBuffer[]) };
  try {
    return copy(value, walk) as T;
  } catch (error) {
    // RangeError: a cycle (or a nesting deeper than the stack), which structuredClone handles.
    if (error === NOT_PLAIN || error instanceof RangeError) return structuredClone(value, { transfer: [...transfer] });
    throw error;
  }
}

/** A message pdf.js posts has some tens of thousands of objects at most (a page's operators). */
const MAX_OBJECTS = 4_000_000;

const NOT_PLAIN = Symbol("not plain data");

interface Walk {
  /** How many more objects the walk may copy. */
  objects: number;
  readonly transfer: ReadonlySet<ArrayBuffer>;
}

function copy(value: unknown, walk: Walk): unknown {
  if (typeof value !== "object" || value === null) {
    if (typeof value === "function" || typeof value === "symbol") throw NOT_PLAIN;
    return value;
  }
  if (--walk.objects < 0) throw NOT_PLAIN;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index++) out[index] = copy(value[index], walk);
    return out;
  }
  if (ArrayBuffer.isView(value)) {
    // A Buffer's slice shares its memory (structuredClone makes it a Uint8Array anyway); a DataView has no slice.
    if (value instanceof DataView || Buffer.isBuffer(value)) throw NOT_PLAIN;
    if (walk.transfer.has(value.buffer as ArrayBuffer)) return value;
    return (value as unknown as { slice(): unknown }).slice();
  }
  if (value instanceof ArrayBuffer) return walk.transfer.has(value) ? value : value.slice(0);
  if (value instanceof Map || value instanceof Set) {
    const out = value instanceof Map ? new Map<unknown, unknown>() : new Set<unknown>();
    for (const [key, entry] of value.entries()) {
      if (out instanceof Map) out.set(copy(key, walk), copy(entry, walk));
      else out.add(copy(key, walk));
    }
    return out;
  }
  if (hasInternalSlots(value)) throw NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (Object.hasOwn(value, key)) out[key] = copy((value as Record<string, unknown>)[key], walk);
  }
  return out;
}

/** Objects structuredClone copies by their internal state, not their properties (or refuses). */
function hasInternalSlots(value: object): boolean {
  return (
    value instanceof Error ||
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof Boolean ||
    value instanceof Number ||
    value instanceof String ||
    value instanceof Promise ||
    value instanceof WeakMap ||
    value instanceof WeakSet ||
    value instanceof SharedArrayBuffer ||
    value instanceof Blob
  );
}
