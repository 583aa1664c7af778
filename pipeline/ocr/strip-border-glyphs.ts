import type { Ruling, TextItem } from "../../schemas/layout.js";

/** What a recognizer makes of a table border it boxed with the text beside it. */
const BORDER_GLYPH = /^[|丨｜]/u;
const TRAILING_BORDER_GLYPH = /[|丨｜]$/u;

/**
 * Text items without the table borders the recognizer read as characters. A line box that touches a
 * vertical border often takes the border in, and the border comes back as `|` at the start or end of the
 * text (`|标`): the cell's text gains a character, and a box that starts on the border's left falls into the
 * cell before it. Where a vertical border runs through the box's first (or last) character, that character
 * is the border: it is dropped and the box starts (or ends) past it. A `|` away from any border is text.
 */
export function stripBorderGlyphs(items: readonly TextItem[], rulings: readonly Ruling[]): TextItem[] {
  const verticals = rulings.filter((ruling) => ruling.orientation === "vertical");
  return items.flatMap((item) => {
    let { text, box } = item;
    // A character is about as wide as the line is tall; a border glyph is narrower, so half of that.
    const glyph = box.height / 2;
    const middle = box.y + box.height / 2;
    const borderBetween = (from: number, to: number) =>
      verticals.some((ruling) => ruling.start <= middle && ruling.end >= middle && ruling.position >= from && ruling.position <= to);
    if (BORDER_GLYPH.test(text) && borderBetween(box.x - glyph, box.x + glyph)) {
      text = text.slice(1).trimStart();
      box = { ...box, x: box.x + glyph, width: Math.max(0, box.width - glyph) };
    }
    if (TRAILING_BORDER_GLYPH.test(text) && borderBetween(box.x + box.width - glyph, box.x + box.width + glyph)) {
      text = text.slice(0, -1).trimEnd();
      box = { ...box, width: Math.max(0, box.width - glyph) };
    }
    if (text === "") return [];
    return [text === item.text ? item : { text, box: roundBox(box) }];
  });
}

function roundBox(box: TextItem["box"]): TextItem["box"] {
  const round = (value: number) => Math.round(value * 100) / 100;
  return { x: round(box.x), y: round(box.y), width: round(box.width), height: round(box.height) };
}
