/**
 * Just enough of protobuf's wire format to edit an ONNX model without a schema: a message is a list of
 * fields in their original order, each kept as its raw bytes, so whatever this tool does not touch (metadata,
 * opset imports, doc strings, fields a newer ONNX adds) is written back byte for byte.
 */
export interface WireField {
  readonly number: number;
  /** 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
  readonly wireType: 0 | 1 | 2 | 5;
  /** For varints the value; for the others the payload bytes (without the length prefix). */
  readonly value: bigint | Uint8Array;
}

export class WireFormatError extends Error {
  override readonly name = "WireFormatError";
}

export function decodeMessage(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (offset >= bytes.length) throw new WireFormatError("truncated varint");
      const byte = bytes[offset++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw new WireFormatError("varint too long");
    }
  };
  while (offset < bytes.length) {
    const key = Number(varint());
    const number = key >>> 3;
    const wireType = key & 7;
    if (wireType === 0) fields.push({ number, wireType, value: varint() });
    else if (wireType === 2) {
      const length = Number(varint());
      if (offset + length > bytes.length) throw new WireFormatError(`field ${number} runs past the end`);
      fields.push({ number, wireType, value: bytes.subarray(offset, offset + length) });
      offset += length;
    } else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      if (offset + size > bytes.length) throw new WireFormatError(`field ${number} runs past the end`);
      fields.push({ number, wireType, value: bytes.subarray(offset, offset + size) });
      offset += size;
    } else throw new WireFormatError(`unsupported wire type ${wireType} (field ${number})`);
  }
  return fields;
}

export function encodeMessage(fields: readonly WireField[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const field of fields) {
    parts.push(encodeVarint(BigInt((field.number << 3) | field.wireType)));
    if (field.wireType === 0) parts.push(encodeVarint(field.value as bigint));
    else if (field.wireType === 2) {
      const payload = field.value as Uint8Array;
      parts.push(encodeVarint(BigInt(payload.length)), payload);
    } else parts.push(field.value as Uint8Array);
  }
  return concat(parts);
}

export function encodeVarint(value: bigint): Uint8Array {
  // Negative int64s are written as their 64-bit two's complement, as protobuf does.
  let rest = value < 0n ? value + (1n << 64n) : value;
  const bytes: number[] = [];
  do {
    const byte = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest > 0n ? byte | 0x80 : byte);
  } while (rest > 0n);
  return Uint8Array.from(bytes);
}

/** Reads a packed or single varint field's values as signed 64-bit numbers. */
export function varints(field: WireField): bigint[] {
  if (field.wireType === 0) return [BigInt.asIntN(64, field.value as bigint)];
  const bytes = field.value as Uint8Array;
  return decodeMessage(prefixEach(bytes)).map((entry) => BigInt.asIntN(64, entry.value as bigint));
}

// A packed run of varints read as a message of field-1 varints.
function prefixEach(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  let start = true;
  for (const byte of bytes) {
    if (start) out.push(0x08);
    out.push(byte);
    start = (byte & 0x80) === 0;
  }
  return Uint8Array.from(out);
}

export const text = (value: string): Uint8Array => new TextEncoder().encode(value);
export const readText = (field: WireField): string => new TextDecoder().decode(field.value as Uint8Array);

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
