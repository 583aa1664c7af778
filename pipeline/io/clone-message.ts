/**
 * A copy of a message as `structuredClone(message, { transfer })` would give it, for the plain data pdf.js's
 * worker posts to its display side in the same thread (text items, operator lists, fonts): objects of any
 * class become plain objects of their own enumerable properties, arrays, typed arrays, Maps and Sets are
 * copied, primitives kept, and a transferred buffer changes hands without a copy (the sender's is detached).
 * Anything else (an Error, a Date, a function, a cycle) is left to `structuredClone` itself, for the whole
 * message, so the result is always what it would have been.
 *
 * Why: pdf.js's same-thread worker copies every message with `structuredClone` (the worker goes on mutating
 * what it sent: an operator list's arrays are emptied as soon as a chunk is posted). V8's clone serializes
 * to bytes and parses them back; this walks the value once.
 *
 * One difference, invisible to pdf.js: an object reached twice is copied twice (structuredClone keeps the
 * sharing). The walk is bounded, so a graph whose sharing would multiply the copies goes to structuredClone.
 */
export function cloneMessage<T>(value: T, transfer: readonly Transferable[] = []): T {
  if (!transfer.every((item) => item instanceof ArrayBuffer)) return structuredClone(value, { transfer: [...transfer] });
  const walk: Walk = { objects: MAX_OBJECTS, transfer: new Set(transfer as ArrayBuffer[]), pending: [] };
  let out: unknown;
  try {
    out = copy(value, walk);
    // A moved buffer as the whole message: rare, and simplest left to structuredClone.
    if (out === PENDING) throw NOT_PLAIN;
  } catch (error) {
    // RangeError: a cycle (or a nesting deeper than the stack), which structuredClone handles.
    if (error === NOT_PLAIN || error instanceof RangeError) return structuredClone(value, { transfer: [...transfer] });
    throw error;
  }
  // Only now, when nothing can fall back any more, are the large buffers moved and the views onto them made.
  const moved = new Map<ArrayBuffer, ArrayBuffer>();
  const move = (buffer: ArrayBuffer) => moved.get(buffer) ?? moved.set(buffer, structuredClone(buffer, { transfer: [buffer] })).get(buffer)!;
  for (const { parent, key, original } of walk.pending) {
    (parent as Record<string | number, unknown>)[key] = original.view ? new original.view.type(move(original.buffer), original.view.byteOffset, original.view.length) : move(original.buffer);
  }
  return out as T;
}

/**
 * A transferred buffer up to this size is copied, not moved: moving one through structuredClone costs
 * microseconds, a copy of a few hundred bytes (an operator list's path coordinates: 60,765 buffers over
 * 162 pages) far less. The sender keeps its bytes, which pdf.js never reads again after a transfer (across
 * threads they would be gone). Larger ones (images, fonts) are moved.
 */
const COPIED_TRANSFER_BYTES = 64 * 1024;

type TypedArrayConstructor = new (buffer: ArrayBuffer, byteOffset: number, length: number) => ArrayBufferView;

/** A message pdf.js posts has some tens of thousands of objects at most (a page's operators). */
const MAX_OBJECTS = 4_000_000;

const NOT_PLAIN = Symbol("not plain data");
/** What `copy` returns for a buffer to be moved (or a view onto one): its parent gets it once it has moved. */
const PENDING = Symbol("moved buffer");

/** A buffer to move, and for a view onto it what the view was (read before the buffer is detached). */
interface MovedOriginal {
  readonly buffer: ArrayBuffer;
  readonly view?: { readonly type: TypedArrayConstructor; readonly byteOffset: number; readonly length: number };
}

interface Walk {
  /** How many more objects the walk may copy. */
  objects: number;
  readonly transfer: ReadonlySet<ArrayBuffer>;
  /** Where each moved buffer or view goes. */
  readonly pending: Array<{ parent: object; key: string | number; original: MovedOriginal }>;
}

function copy(value: unknown, walk: Walk): unknown {
  if (typeof value !== "object" || value === null) {
    if (typeof value === "function" || typeof value === "symbol") throw NOT_PLAIN;
    return value;
  }
  if (--walk.objects < 0) throw NOT_PLAIN;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index++) out[index] = entryOf(out, index, value[index], walk);
    return out;
  }
  if (ArrayBuffer.isView(value)) {
    // A Buffer's slice shares its memory (structuredClone makes it a Uint8Array anyway); a DataView has no slice.
    if (value instanceof DataView || Buffer.isBuffer(value)) throw NOT_PLAIN;
    if (isMoved(value.buffer as ArrayBuffer, walk)) return PENDING;
    return (value as unknown as { slice(): unknown }).slice();
  }
  if (value instanceof ArrayBuffer) return isMoved(value, walk) ? PENDING : value.slice(0);
  if (value instanceof Map || value instanceof Set) {
    const out = value instanceof Map ? new Map<unknown, unknown>() : new Set<unknown>();
    for (const [key, entry] of value.entries()) {
      const copies = [copy(key, walk), copy(entry, walk)];
      // A moved buffer inside a Map or Set: rare, and simplest left to structuredClone.
      if (copies.includes(PENDING)) throw NOT_PLAIN;
      if (out instanceof Map) out.set(copies[0], copies[1]);
      else out.add(copies[0]);
    }
    return out;
  }
  if (hasInternalSlots(value)) throw NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (Object.hasOwn(value, key)) out[key] = entryOf(out, key, (value as Record<string, unknown>)[key], walk);
  }
  return out;
}

/** The copy of `original` as `parent[key]`, noting where a buffer to be moved goes. */
function entryOf(parent: object, key: string | number, original: unknown, walk: Walk): unknown {
  const entry = copy(original, walk);
  if (entry === PENDING) {
    const buffer = ArrayBuffer.isView(original) ? (original.buffer as ArrayBuffer) : (original as ArrayBuffer);
    const view = ArrayBuffer.isView(original)
      ? { type: original.constructor as TypedArrayConstructor, byteOffset: original.byteOffset, length: (original as Uint8Array).length }
      : undefined;
    walk.pending.push({ parent, key, original: { buffer, ...(view ? { view } : {}) } });
  }
  return entry;
}

function isMoved(buffer: ArrayBuffer, walk: Walk): boolean {
  return walk.transfer.has(buffer) && buffer.byteLength > COPIED_TRANSFER_BYTES;
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
