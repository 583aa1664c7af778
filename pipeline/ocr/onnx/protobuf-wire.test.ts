import { describe, expect, it } from "vitest";
import { decodeMessage, encodeMessage, encodeVarint, readText, text, varints, WireFormatError } from "./protobuf-wire.js";

describe("protobuf wire format", () => {
  it("writes back every field it read, nested messages and negative varints included", () => {
    const inner = encodeMessage([{ number: 1, wireType: 2, value: text("名称") }, { number: 3, wireType: 0, value: -2n }]);
    const fixed = Uint8Array.of(0, 0, 128, 63);
    const bytes = encodeMessage([
      { number: 7, wireType: 2, value: inner },
      { number: 2, wireType: 5, value: fixed },
      { number: 300, wireType: 0, value: 1n << 40n },
    ]);
    const fields = decodeMessage(bytes);
    expect(fields.map((field) => [field.number, field.wireType])).toEqual([[7, 2], [2, 5], [300, 0]]);
    expect(encodeMessage(fields)).toEqual(bytes);
    const nested = decodeMessage(fields[0]!.value as Uint8Array);
    expect(readText(nested[0]!)).toBe("名称");
    expect(varints(nested[1]!)).toEqual([-2n]);
    expect(fields[2]!.value).toBe(1n << 40n);
  });

  it("reads packed repeated varints", () => {
    const packed = Uint8Array.from([...encodeVarint(3n), ...encodeVarint(300n), ...encodeVarint(-1n)]);
    expect(varints({ number: 1, wireType: 2, value: packed })).toEqual([3n, 300n, -1n]);
  });

  it("refuses a message cut short instead of reading past its end", () => {
    const bytes = encodeMessage([{ number: 1, wireType: 2, value: text("abcdef") }]);
    expect(() => decodeMessage(bytes.subarray(0, 4))).toThrow(WireFormatError);
    expect(() => decodeMessage(Uint8Array.of(0x80))).toThrow(WireFormatError);
  });
});
