import type { PdfDocument, PdfPage, TextItem } from "../schemas/layout.js";
import type { StageContext } from "./context.js";
import { CJK_RADICAL_TO_CHARACTER, KANGXI_TO_SIMPLIFIED } from "./domain/cjk-radicals.js";
import { editedReading, foldEquivalentAlternatives, joinReadings } from "./ocr/ocr-reading.js";
import { repairMisreads } from "./ocr/repair-misreads.js";

/**
 * Normalize stage: the same text whatever font, converter or word processor produced it.
 * Items that touch on one line are first joined into runs, because producers split text at arbitrary
 * points (per glyph, per font change) and a LaTeX snippet or a Word field code can straddle two items.
 */
export async function normalizeDocument(document: PdfDocument, _context: StageContext): Promise<PdfDocument> {
  // OCR'd pages then get the repairs their context makes certain (pipeline/ocr/repair-misreads.ts).
  return repairMisreads({ ...document, pages: document.pages.map(normalizePage) });
}

function normalizePage(page: PdfPage): PdfPage {
  const items = joinTouchingItems(page)
    .map(normalizeItem)
    .filter((item) => item.text.trim() !== "");
  return { ...page, items };
}

/** An item's text normalized; an OCR reading follows its characters where the edit can be traced one by one. */
function normalizeItem(item: TextItem): TextItem {
  const text = normalizeText(item.text);
  if (!item.ocr) return { ...item, text };
  const edited = editedReading(item, text);
  const ocr = foldEquivalentAlternatives({ text, ocr: edited }, normalizeText);
  return { ...item, text, ...(ocr ? { ocr } : {}) };
}

const KANGXI_SIMPLIFIED = new RegExp(`[${Object.keys(KANGXI_TO_SIMPLIFIED).join("")}]`, "gu");
const RADICALS = new RegExp(`[${Object.keys(CJK_RADICAL_TO_CHARACTER).join("")}]`, "gu");

/** LaTeX commands converters emit for comparison and percent signs. */
const LATEX_SYMBOLS: ReadonlyArray<[RegExp, string]> = [
  [/\\geqslant|\\geq|\\ge(?![a-z])/g, "≥"],
  [/\\leqslant|\\leq|\\le(?![a-z])/g, "≤"],
  [/\\neq|\\ne(?![a-z])/g, "≠"],
  [/\\times/g, "×"],
  [/\\sim/g, "~"],
  [/\\cdot/g, "·"],
  [/\\%/g, "%"],
  [/\\text\{([^}]*)\}/g, "$1"],
  [/\\mathrm\{([^}]*)\}/g, "$1"],
];

/**
 * Text-level normalization, applied to every run of text:
 * NFKC (Kangxi radicals, full-width digits and punctuation, compatibility ideographs), the CJK Radicals
 * Supplement table NFKC does not cover, converter LaTeX, Word field codes, converter paragraph tags, and
 * whitespace.
 */
export function normalizeText(text: string): string {
  let result = text
    .replace(KANGXI_SIMPLIFIED, (radical) => KANGXI_TO_SIMPLIFIED[radical] ?? radical)
    // NFKC would make ① a bare 1 and merge a numbered list's items into their neighbours' text.
    .replace(/[\u2460-\u2473]/g, (circled) => `(${circled.charCodeAt(0) - 0x2460 + 1})`)
    .normalize("NFKC")
    .replace(RADICALS, (radical) => CJK_RADICAL_TO_CHARACTER[radical] ?? radical);
  result = replaceLatex(result);
  result = removeWordFieldCodes(result);
  result = removeConverterTags(result);
  return result
    .replace(/[\u200B-\u200D\uFEFF\u00AD]/g, "")
    // Fonts map the dash of 2025—2027 to HORIZONTAL BAR (U+2015), which NFKC leaves: one dash, one code point.
    .replace(/\u2015/g, "\u2014")
    .replace(/[ \t\u00A0\u3000]+/g, " ")
    .replace(/ *\n[\n ]*/g, "\n")
    .trim();
}

function replaceLatex(text: string): string {
  if (!text.includes("$") && !text.includes("\\")) return text;
  const delimited = text.replace(/\$([^$]{1,80})\$/g, (_match, body: string) => latexBody(body).replace(/\s+/g, ""));
  if (!delimited.includes("\\")) return delimited;
  // A scan of converter output reads the `$` delimiters as S or s (`S\geq100\%$`): the commands are
  // still unmistakable, so they are replaced where they stand and the misread delimiters around them go.
  return latexBody(delimited)
    .replace(/(^|[^A-Za-z])[Ss$]\s*(?=[≥≤≠])/g, "$1")
    // The closing `$` after `\%` is read as S or s the same way (`≥100%S`).
    .replace(/%\s*[$Ss](?![A-Za-z])/g, "%");
}

function latexBody(body: string): string {
  let converted = body;
  for (const [pattern, symbol] of LATEX_SYMBOLS) converted = converted.replace(pattern, symbol);
  return converted.replace(/[{}]/g, "");
}

/** `TC 总体绩效目标 \f A \l 1` (a Word table-of-contents entry) is markup, not content. */
function removeWordFieldCodes(text: string): string {
  // OCR reads the `l` of `\l` as I, 1 or |.
  return text.replace(/\s*\bTC\s+[^\\]*?\\f\s*[A-Za-z]\s*\\[lI1|]\s*\d+\s*/g, " ");
}

/** Only the tags document converters are known to leave; any other markup is content and stays text. */
function removeConverterTags(text: string): string {
  return text.replace(/<\/?(?:p|br|div|span)(?:\s[^<>]*)?\/?>/gi, "\n");
}

/** Items closer than this fraction of their height are parts of one run. */
const TOUCH_GAP = 0.35;

function joinTouchingItems(page: PdfPage): TextItem[] {
  const verticalRulings = page.rulings.filter((ruling) => ruling.orientation === "vertical");
  const sorted = [...page.items].sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
  const runs: TextItem[] = [];
  for (const item of sorted) {
    const previous = runs.at(-1);
    if (previous && sameLine(previous, item) && touches(previous, item, verticalRulings)) {
      const right = Math.max(previous.box.x + previous.box.width, item.box.x + item.box.width);
      const top = Math.min(previous.box.y, item.box.y);
      const bottom = Math.max(previous.box.y + previous.box.height, item.box.y + item.box.height);
      const text = previous.text + gapText(previous, item) + item.text;
      const ocr = joinReadings(text, [previous, item]);
      runs[runs.length - 1] = {
        text,
        box: { x: previous.box.x, y: top, width: right - previous.box.x, height: bottom - top },
        ...(ocr ? { ocr } : {}),
      };
    } else {
      runs.push({ ...item });
    }
  }
  return runs;
}

function sameLine(a: TextItem, b: TextItem): boolean {
  const centerA = a.box.y + a.box.height / 2;
  const centerB = b.box.y + b.box.height / 2;
  return Math.abs(centerA - centerB) < Math.min(a.box.height, b.box.height) * 0.5;
}

function touches(a: TextItem, b: TextItem, verticalRulings: PdfPage["rulings"]): boolean {
  const end = a.box.x + a.box.width;
  const gap = b.box.x - end;
  if (gap < -a.box.height || gap > Math.max(a.box.height, b.box.height) * TOUCH_GAP) return false;
  const lineY = a.box.y + a.box.height / 2;
  // A table border between the two means two cells, however close their text.
  return !verticalRulings.some(
    (ruling) => ruling.position > end - 0.5 && ruling.position < b.box.x + 0.5 && ruling.start <= lineY && ruling.end >= lineY,
  );
}

/** A visible gap of about a space's width between two Latin/digit runs is a space; CJK runs join directly. */
function gapText(a: TextItem, b: TextItem): string {
  const gap = b.box.x - (a.box.x + a.box.width);
  return gap > a.box.height * 0.2 ? " " : "";
}
