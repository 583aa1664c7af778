import type { OcrReading, PdfDocument, PdfPage, TextItem } from "../../schemas/layout.js";
import { alignedCharacters } from "./ocr-reading.js";

/**
 * Repairs of OCR misreads that the text around them makes certain, on OCR'd pages only, after normalization.
 * Each repair keeps the text as read (`ocr.raw`) and says what it did (`ocr.repairs`), so a repaired value traces
 * back to the page; what context does not make certain is left as read, and its low confidence flags it.
 *
 * - A letter among digits: `o`/`O` → `0`, `l`/`I` → `1` in a run of digits no Latin letter touches
 *   (`1o0%`, `I00%`, `0.o5`). In a code (`13063621UKW4RETORBYCO`) letters and digits mix and nothing is certain.
 * - A lone `o`/`O` the recognizer's runner-up says is `0`: a zero cell read as a letter would otherwise make a
 *   row of its own.
 * - A comparator: `>` / `<` read where the document writes `≥` / `≤`. The two glyphs differ by one thin stroke
 *   that a 150 dpi scan loses; the recognizer is then torn between them (on the scanned seeds every comparator
 *   was read at 0.29–0.83, the other of the pair second). A `>` whose runner-up is `≥` at half its probability
 *   or more becomes `≥` when the document's other comparators are ≥/≤ and none of them is a `>`/`<` read with
 *   confidence; a confident `>` (a real `>99%`) stays. Either way the choice between the pair is the
 *   document's: where the pair holds half the recognizer's belief or more, the character counts as settled (1).
 * - A numbered heading `(—)` / `(-)`: the 一 of `(一)数量指标` read as a dash.
 * - A dash read as `一` between two digits (`2023一2024年度`): the numeral 一 is never written against Arabic digits.
 * - A point that ends a number cell (`60.00.`, `18.`): a speck beside the last digit read as `.`; a point ends no
 *   number. It is dropped; after a whole number (`18.`) a dropped decimal is possible as well, so that one stays a doubt.
 *
 * Flagged, not repaired: a value cell that is only a unit (`人`, `≥次`) although its box has room for a digit
 * more than its text needs: the thin `1` of `1人` is the glyph a scan drops. Guessing the digit would invent a
 * value; the item carries a doubt instead, which the record's evidence and the `ocr_glyph_missing` flag show.
 * Likewise a number with a unit and no comparator (`10年`) whose box, at its page's scale, has room for one more
 * glyph: the `≥` of `≥10年` is the glyph a scan loses there.
 */
export function repairMisreads(document: PdfDocument): PdfDocument {
  if (!document.pages.some((page) => page.source === "ocr")) return document;
  const comparators = comparatorSet(document.pages);
  return {
    ...document,
    pages: document.pages.map((page) => {
      if (page.source !== "ocr") return page;
      const scale = glyphScale(page.items);
      return { ...page, items: page.items.map((item) => withoutStrayPoint(repairItem(item, comparators, scale), page.items)) };
    }),
  };
}

/** One repair: where, the new character, the probability the new character gets, and what to say. */
interface Repair {
  readonly index: number;
  readonly character: string;
  readonly confidence?: number;
  readonly note: string;
}

function repairItem(item: TextItem, comparators: ComparatorSet, scale: number): TextItem {
  if (!item.ocr) return item;
  const repairs = [...digitRuns(item.text), ...loneZero(item), ...comparatorRepairs(item, comparators), ...headingNumbers(item.text), ...rangeDashes(item.text)];
  const settled = confirmedComparators(item, comparators);
  const doubts = [...missingGlyph(item), ...missingComparator(item, scale)];
  if (repairs.length === 0 && settled.length === 0 && doubts.length === 0) return item;
  // Code units and characters coincide for everything repaired here (ASCII and BMP symbols); a text with
  // surrogate pairs is left as read rather than shifted.
  const text = [...item.text];
  if (text.length !== item.text.length) return item;
  const reading = item.ocr;
  const characters = alignedCharacters(item);
  const updated = characters ? [...characters] : null;
  for (const repair of [...repairs, ...settled]) {
    text[repair.index] = repair.character;
    if (updated && repair.confidence !== undefined) updated[repair.index] = repair.confidence;
  }
  const notes = repairs.map((repair) => repair.note);
  const ocr: OcrReading = {
    ...reading,
    ...(updated ? { characters: updated } : {}),
    ...(notes.length > 0 ? { raw: reading.raw ?? item.text, repairs: [...(reading.repairs ?? []), ...notes] } : {}),
    ...(doubts.length > 0 ? { doubts: [...(reading.doubts ?? []), ...doubts] } : {}),
  };
  return { ...item, text: text.join(""), ocr };
}

const LATIN = /[A-Za-z]/u;
const DIGIT = /[0-9]/u;
const LOOKALIKE_DIGIT: Readonly<Record<string, string>> = { o: "0", O: "0", l: "1", I: "1" };

/** `1o0%` → `100%`: look-alike letters inside a run of digits that no other Latin letter touches. */
function digitRuns(text: string): Repair[] {
  const repairs: Repair[] = [];
  for (const run of text.matchAll(/[0-9oOlI.]+/gu)) {
    const start = run.index;
    const end = start + run[0].length;
    const body = run[0];
    // A run needs a digit of its own and must not be part of a word (`No.5`, `Il`, `OK`).
    if (!DIGIT.test(body) || LATIN.test(text[start - 1] ?? "") || LATIN.test(text[end] ?? "")) continue;
    // Only a letter next to a digit (or to a repaired letter next to one) is a digit misread.
    const letters = [...body].map((character, offset) => ({ character, offset })).filter(({ character }) => character in LOOKALIKE_DIGIT);
    if (letters.length === 0) continue;
    for (const { character, offset } of letters) {
      repairs.push({ index: start + offset, character: LOOKALIKE_DIGIT[character]!, note: `"${character}" among digits read as "${LOOKALIKE_DIGIT[character]}" (at ${start + offset} of "${text}")` });
    }
  }
  return repairs;
}

/** A lone `o` the recognizer itself says could be `0`. */
function loneZero(item: TextItem): Repair[] {
  if (!/^[oO]$/u.test(item.text)) return [];
  const runnerUp = item.ocr?.alternatives?.find((alternative) => alternative.index === 0);
  if (runnerUp?.character !== "0") return [];
  return [{ index: 0, character: "0", note: `a lone "${item.text}" whose runner-up was "0" read as "0"` }];
}

/** `(—)数量指标` → `(一)数量指标`. */
function headingNumbers(text: string): Repair[] {
  const repairs: Repair[] = [];
  for (const match of text.matchAll(/[(（]([—–\-－─])[)）](?=[\u4e00-\u9fff])/gu)) {
    repairs.push({ index: match.index + 1, character: "一", note: `"${match[1]}" in a numbered heading read as "一"` });
  }
  return repairs;
}

/** `2023一2024` → `2023—2024`. */
function rangeDashes(text: string): Repair[] {
  return [...text.matchAll(/(?<=[0-9])一(?=[0-9])/gu)].map((match) => ({ index: match.index, character: "—", note: `"一" between digits read as "—" (at ${match.index} of "${text}")` }));
}

/** A number cell that ends in a point: the number, its decimals if any, then a stray `.`. */
const STRAY_POINT = /^[≥≤<>=]?[0-9][0-9,]*(\.[0-9]+)?\.$/u;

/**
 * One Han character and a point, on a line with other lone characters: a letter-spaced form label
 * (`实 施 单 位`) whose character box took in a speck beside it, which the recognizer reads as `．`; the label
 * it hides is what the header fields are found by. Alone, the same text is the last line of a wrapped
 * sentence (`效。`), and keeps its point.
 */
const POINT_AFTER_ONE_CHARACTER = /^\p{Script=Han}[.．。·・]$/u;
const LONE_CHARACTER = /^\p{Script=Han}[.．。·・]?$/u;
/** How far along the line, in the item's heights, the next character of a letter-spaced label may stand. */
const LETTER_SPACING_HEIGHTS = 6;

function inLetterSpacedLabel(item: TextItem, items: readonly TextItem[]): boolean {
  const { box } = item;
  return items.some(
    (other) =>
      other !== item &&
      LONE_CHARACTER.test(other.text) &&
      Math.min(box.y + box.height, other.box.y + other.box.height) - Math.max(box.y, other.box.y) > 0.5 * Math.min(box.height, other.box.height) &&
      Math.abs(other.box.x - box.x) <= LETTER_SPACING_HEIGHTS * box.height,
  );
}

/**
 * `60.00.` → `60.00`, `18.` → `18` (with a doubt: `18.5` with its `5` lost reads the same), `实．` → `实`.
 */
function withoutStrayPoint(item: TextItem, items: readonly TextItem[]): TextItem {
  if (!item.ocr) return item;
  const number = STRAY_POINT.exec(item.text);
  if (!number && !(POINT_AFTER_ONE_CHARACTER.test(item.text) && inLetterSpacedLabel(item, items))) return item;
  const reading = item.ocr;
  const last = item.text.length - 1;
  const text = item.text.slice(0, last);
  const characters = alignedCharacters(item);
  const doubts = number && !number[1] ? [`"${item.text}" ends in a point: a speck read as "." was dropped, or a decimal digit after it was lost`] : [];
  const repair = number ? `a "." after the last digit of "${item.text}" dropped: a point ends no number` : `the point after the lone "${text}" dropped: a speck beside a letter-spaced label`;
  const ocr: OcrReading = {
    ...reading,
    ...(characters ? { characters: characters.slice(0, last) } : {}),
    ...(reading.alternatives ? { alternatives: reading.alternatives.filter((alternative) => alternative.index < last) } : {}),
    raw: reading.raw ?? item.text,
    repairs: [...(reading.repairs ?? []), repair],
    ...(doubts.length > 0 ? { doubts: [...(reading.doubts ?? []), ...doubts] } : {}),
  };
  return { ...item, text, ocr };
}

const PAIR_OF: Readonly<Record<string, string>> = { ">": "≥", "<": "≤", "≥": ">", "≤": "<" };
/** A `>`/`<` read with at least this confidence is a real one: the document's set then includes the strict comparators. */
const CONFIDENT_STRICT = 0.9;
/** A comparator whose pair holds at least this much of the recognizer's belief is settled by the document's set. */
const SETTLED_PAIR = 0.5;
/** The runner-up must have at least this share of the first choice's probability to stand for it. */
const RUNNER_UP_SHARE = 0.5;

interface ComparatorSet {
  /** The document writes ≥/≤ (two or more read) and no `>`/`<` was read with confidence. */
  readonly inclusiveOnly: boolean;
}

/** Which comparators the document's OCR'd text writes. */
function comparatorSet(pages: readonly PdfPage[]): ComparatorSet {
  let inclusive = 0;
  let confidentStrict = 0;
  for (const page of pages) {
    if (page.source !== "ocr") continue;
    for (const item of page.items) {
      const characters = alignedCharacters(item);
      [...item.text].forEach((character, index) => {
        if (character === "≥" || character === "≤") inclusive++;
        if ((character === ">" || character === "<") && (characters?.[index] ?? item.ocr?.confidence ?? 0) >= CONFIDENT_STRICT) confidentStrict++;
      });
    }
  }
  return { inclusiveOnly: inclusive >= 2 && confidentStrict === 0 };
}

/** A strict comparator whose runner-up is its inclusive pair, in a document that writes only those. */
function comparatorRepairs(item: TextItem, comparators: ComparatorSet): Repair[] {
  if (!comparators.inclusiveOnly) return [];
  return tornComparators(item, [">", "<"], RUNNER_UP_SHARE).map(({ index, character, pairProbability, probability, runnerUp }) => ({
    index,
    character: PAIR_OF[character]!,
    confidence: pairProbability,
    note: `"${character}" (${probability}) read as "${PAIR_OF[character]}" (runner-up ${runnerUp}): the document writes ≥/≤ and no confident >/<`,
  }));
}

/** An inclusive comparator torn with its strict pair, in a document that writes only inclusive ones: kept, at the pair's probability. */
function confirmedComparators(item: TextItem, comparators: ComparatorSet): Repair[] {
  if (!comparators.inclusiveOnly) return [];
  return tornComparators(item, ["≥", "≤"], 0).map(({ index, character, pairProbability }) => ({ index, character, confidence: pairProbability, note: "" }));
}

/** Comparators of `wanted` whose runner-up is their pair with at least `share` of their own probability. */
function tornComparators(item: TextItem, wanted: readonly string[], share: number) {
  const characters = alignedCharacters(item);
  if (!characters) return [];
  return (item.ocr?.alternatives ?? []).flatMap((alternative) => {
    const character = item.text[alternative.index]!;
    const probability = characters[alternative.index]!;
    if (!wanted.includes(character) || alternative.character !== PAIR_OF[character] || alternative.probability < probability * share) return [];
    // The recognizer mostly believes it is one of the pair, and the document's set picks which: settled.
    // Below half it may be neither, and the glyph's own probability stays to flag it.
    const pair = probability + alternative.probability;
    const pairProbability = pair >= SETTLED_PAIR ? 1 : Math.round(probability * 10_000) / 10_000;
    return [{ index: alternative.index, character, probability, runnerUp: alternative.probability, pairProbability }];
  });
}

/** Units a target may be written in, which alone (no number) are a value with its number lost. */
const BARE_UNIT = /^[≥≤<>=]?(?:人次|人|次|个|台|辆|家|户|项|件|批|期|篇|场|天|年|月|套|册|本|条|所|名|万元|元|%|百分比)$/u;

/** Width of a glyph in box heights: CJK characters are square, digits and Latin about half. */
function glyphWidth(character: string): number {
  return /[\u3000-\u9fff\uff00-\uffef]/u.test(character) ? 0.95 : 0.55;
}

/**
 * A bare unit (`人`) in a box with room for one glyph more than its text: the thin `1` of `1人` read as nothing.
 * The detector's box covers all the ink; the recognizer can still drop a stroke too thin for it.
 */
function missingGlyph(item: TextItem): string[] {
  if (!BARE_UNIT.test(item.text)) return [];
  const needed = [...item.text].reduce((sum, character) => sum + glyphWidth(character), 0) * item.box.height;
  // The detector's box is grown by about a quarter of the height on each side (DB unclip).
  const room = item.box.width - needed - item.box.height * 0.5;
  if (room < item.box.height * 0.35) return [];
  return [`"${item.text}" has no number although its box is ${Math.round(item.box.width)} pt wide, room for about ${Math.round(item.box.width / item.box.height - 0.5)} characters: a thin digit may have been dropped`];
}

/**
 * A number with a short unit and no comparator (`10年`, `50人`): what `≥10年` reads as when the `≥` is lost. A
 * Latin letter makes it a code's piece (`13063621GN`), not a value.
 */
const BARE_NUMBER = /^[0-9][0-9.]*[^\sA-Za-z0-9.≥≤<>=]{1,3}$/u;
/** Room, in box heights, beyond what a text needs at its page's scale, that a dropped glyph would fill. */
const DROPPED_ROOM = 0.6;

/**
 * The page's own ratio of box width to the glyph widths `glyphWidth` estimates (the median over its short
 * items): fonts, render resolution and the detector's margin differ from scan to scan, a page's lines agree.
 */
function glyphScale(items: readonly TextItem[]): number {
  const ratios = items
    .filter((item) => item.ocr && [...item.text].length >= 2 && [...item.text].length <= 12 && item.box.height > 0)
    .map((item) => item.box.width / ([...item.text].reduce((sum, character) => sum + glyphWidth(character), 0) * item.box.height))
    .sort((a, b) => a - b);
  return ratios.length >= 5 ? ratios[Math.floor(ratios.length / 2)]! : Number.NaN;
}

/**
 * A number with a unit but no comparator whose box is wider than its text by most of a glyph at the page's
 * scale: the `≥` of `≥10年` lost by the recognizer though the detector's box covers its ink (seed 003 read it at
 * 0.999 per character). The width cannot say which glyph is missing, so it is a doubt, not a repair.
 */
function missingComparator(item: TextItem, scale: number): string[] {
  if (!BARE_NUMBER.test(item.text) || !Number.isFinite(scale)) return [];
  const needed = [...item.text].reduce((sum, character) => sum + glyphWidth(character), 0) * item.box.height * scale;
  if (item.box.width - needed < item.box.height * DROPPED_ROOM) return [];
  return [`"${item.text}" has a box ${Math.round(item.box.width)} pt wide where the page's other lines would need about ${Math.round(needed)}: a glyph (a comparator such as ≥) may have been dropped`];
}
