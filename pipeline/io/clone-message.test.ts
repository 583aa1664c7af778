import { describe, expect, it } from "vitest";
import { cloneMessage } from "./clone-message.js";

/** A class instance as pdf.js posts them (a Glyph): structuredClone gives a plain object of its own fields. */
class Glyph {
  constructor(
    readonly unicode: string,
    readonly width: number,
  ) {}
  get doubled(): number {
    return this.width * 2;
  }
}

function message() {
  const glyph = new Glyph("项", 1000);
  return {
    sourceName: "fake0_worker",
    stream: 4,
    chunk: {
      fnArray: [91, 44, 37],
      argsArray: [null, [[glyph, glyph, null, -0, Number.NaN]], ["g_d0_f1", 10.5, undefined]],
      path: new Float32Array([1.5, 2.5, 3.5]),
      widths: new Map<number, number[]>([[1, [500, 1000]]]),
      names: new Set(["F1", "F2"]),
      big: 12345678901234567890n,
      nothing: null,
    },
  };
}

describe("cloneMessage", () => {
  it("gives what structuredClone gives for pdf.js's kind of data: class instances as plain objects, typed arrays, Maps, Sets, -0, NaN", () => {
    const original = message();
    const copy = cloneMessage(original);
    expect(copy).toStrictEqual(structuredClone(original));
    const glyphs = copy.chunk.argsArray[1]![0] as unknown as unknown[];
    expect(Object.getPrototypeOf(glyphs[0])).toBe(Object.prototype);
    expect(glyphs[0]).toEqual({ unicode: "项", width: 1000 });
    expect(Object.is(glyphs[3], -0)).toBe(true);
    expect(copy.chunk.path).toBeInstanceOf(Float32Array);
  });

  it("shares nothing with the original: the worker empties and rewrites what it sent", () => {
    const original = message();
    const copy = cloneMessage(original);
    original.chunk.fnArray.length = 0;
    original.chunk.argsArray.length = 0;
    original.chunk.path[0] = 99;
    original.chunk.widths.get(1)!.push(7);
    expect(copy.chunk.fnArray).toEqual([91, 44, 37]);
    expect(copy.chunk.argsArray).toHaveLength(3);
    expect(copy.chunk.path[0]).toBe(1.5);
    expect(copy.chunk.widths.get(1)).toEqual([500, 1000]);
  });

  it("hands a transferred buffer over as it is (the sender gave it up), and copies one that was not transferred", () => {
    const font = new ArrayBuffer(256 * 1024);
    new Uint8Array(font).fill(7);
    const kept = new Float32Array([1, 2, 3]);
    const original = { image: { data: new Uint8Array(font, 16, 1024) }, font, path: kept, others: new Map([["img1", new Uint8Array(font)]]) };
    const copy = cloneMessage(original, [font]);
    expect(copy.font).toBe(font);
    expect(copy.image.data).toBe(original.image.data);
    expect(copy.others.get("img1")).toBe(original.others.get("img1"));
    expect(copy.path).toEqual(new Float32Array([1, 2, 3]));
    kept[0] = 9;
    expect(copy.path[0]).toBe(1);
  });

  it("leaves to structuredClone what is not plain data: errors, dates, cycles", () => {
    const error = cloneMessage({ reason: new TypeError("bad xref") });
    expect(error.reason).toBeInstanceOf(TypeError);
    expect(error.reason.message).toBe("bad xref");
    expect(cloneMessage({ when: new Date(0) }).when).toEqual(new Date(0));
    const cyclic: { self?: unknown; n: number } = { n: 1 };
    cyclic.self = cyclic;
    const copy = cloneMessage(cyclic);
    expect(copy.self).toBe(copy);
  });

  it("refuses what structuredClone refuses", () => {
    expect(() => cloneMessage({ callback: () => 1 })).toThrow(/could not be cloned/);
  });
});
