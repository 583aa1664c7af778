import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { escapeXml, needsSpacePreserved } from "./escape-xml.js";

/** saxes, the strict XML 1.0 parser exceljs reads with: it throws on any well-formedness error, characters included. */
const saxes = createRequire(createRequire(import.meta.url).resolve("exceljs"))("saxes") as {
  SaxesParser: new (options: { xmlns: boolean }) => { on(event: "text", handler: (text: string) => void): void; write(chunk: string): { close(): void } };
};

/** The text content of `<t>…</t>` as a conforming parser reads it; throws when the document is not well-formed XML. */
function parsedText(xml: string): string {
  const parser = new saxes.SaxesParser({ xmlns: true });
  let text = "";
  parser.on("text", (chunk) => (text += chunk));
  parser.write(`<t>${xml}</t>`).close();
  return text;
}

/** Excel's reading of ST_Xstring escapes, left to right, each `_xHHHH_` once. */
function decodeExcelEscapes(text: string): string {
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

describe("escapeXml", () => {
  it("escapes the characters XML gives meaning to", () => {
    expect(escapeXml(`a & b < c > d "e" 'f'`)).toBe("a &amp; b &lt; c &gt; d &quot;e&quot; 'f'");
    expect(escapeXml("&amp;")).toBe("&amp;amp;");
  });

  it("writes the characters XML 1.0 forbids as Excel's _xHHHH_, and keeps tab and LF", () => {
    expect(escapeXml("\u0000\u0001\u0008\u000B\u000C\u000E\u001F")).toBe("_x0000__x0001__x0008__x000B__x000C__x000E__x001F_");
    expect(escapeXml("\uFFFE\uFFFF")).toBe("_xFFFE__xFFFF_");
    expect(escapeXml("a\tb\nc")).toBe("a\tb\nc");
    // XML 1.0 allows DEL and the C1 controls: they stay as they are, as Excel leaves them.
    expect(escapeXml("\u007F\u0085")).toBe("\u007F\u0085");
  });

  it("writes a lone surrogate as _xHHHH_ and keeps a surrogate pair", () => {
    expect(escapeXml("a\uD800b\uDC00c")).toBe("a_xD800_b_xDC00_c");
    expect(escapeXml("\uDBFF")).toBe("_xDBFF_");
    expect(escapeXml("\uDC00\uD800")).toBe("_xDC00__xD800_");
    expect(escapeXml("😀𠀀")).toBe("😀𠀀");
  });

  it("escapes the underscore of a literal _xHHHH_ in either case, and nothing that only looks like one", () => {
    expect(escapeXml("_x0041_")).toBe("_x005F_x0041_");
    expect(escapeXml("_x00e9_ _x005F_")).toBe("_x005F_x00e9_ _x005F_x005F_");
    expect(escapeXml("_x0041_x0042_")).toBe("_x005F_x0041_x005F_x0042_");
    expect(escapeXml("_x12_ _x00G1_ x0041_ _X0041_")).toBe("_x12_ _x00G1_ x0041_ _X0041_");
  });

  it("keeps a CR as a character reference, which XML's line-end normalization leaves alone", () => {
    expect(escapeXml("a\r\nb")).toBe("a&#13;\nb");
    expect(parsedText(escapeXml("a\r\nb\rc"))).toBe("a\r\nb\rc");
  });

  it("gives well-formed XML that reads back as the text for any UTF-16 string", () => {
    const interesting = ["&", "<", ">", '"', "'", "\r", "\n", "\t", " ", "_", "x", "0", "4", "1", "F", "f", "\uD83D", "\uDE00", "\uFFFE", "\uFFFF", "中"];
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let sample = 0; sample < 2_000; sample += 1) {
      const text = Array.from({ length: 1 + Math.floor(random() * 24) }, () =>
        random() < 0.6 ? interesting[Math.floor(random() * interesting.length)]! : String.fromCharCode(Math.floor(random() * 0x10000)),
      ).join("");
      expect(decodeExcelEscapes(parsedText(escapeXml(text))), JSON.stringify(text)).toBe(text);
    }
  });

  it("is checked by a parser that does reject what XML forbids", () => {
    expect(() => parsedText("\u000C")).toThrow(/disallowed character/);
    expect(() => parsedText("\uD800")).toThrow();
    expect(() => parsedText("a & b")).toThrow();
  });
});

describe("needsSpacePreserved", () => {
  it("asks to preserve leading and trailing spaces, tabs, line breaks and runs of spaces", () => {
    expect([" a", "a ", "a\tb", "a\nb", "a  b", "\u3000中"].map(needsSpacePreserved)).toEqual([true, true, true, true, true, true]);
    expect(["a b", "信访档案", ""].map(needsSpacePreserved)).toEqual([false, false, false]);
  });
});
