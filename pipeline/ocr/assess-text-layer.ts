import type { PdfPage } from "../../schemas/layout.js";

export interface TextLayerAssessment {
  /** The page's own text can be used as is; otherwise it goes through OCR. */
  readonly usable: boolean;
  /** Why, in words a log reader understands. */
  readonly reason: string;
}

export interface AssessTextLayerOptions {
  /** Fewer visible characters than this and the page is treated as having no text layer. @default 10 */
  readonly minCharacters?: number;
  /** Share of broken characters (U+FFFD, private use, control) above which the text is garbage. @default 0.1 */
  readonly maxBrokenShare?: number;
  /** With at least `minLettersForScript` letters, the share that must be Chinese. @default 0.2 */
  readonly minHanShare?: number;
  /** @default 20 */
  readonly minLettersForScript?: number;
}

const BROKEN = /[\uFFFD\uE000-\uF8FF\u{F0000}-\u{FFFFD}\u{100000}-\u{10FFFD}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const LETTER = /\p{L}/u;
const HAN = /\p{Script=Han}/u;

/**
 * Whether a page's text layer can be trusted, or the page must be read from its pixels.
 *
 * Scans have no text at all. Broken PDFs have text that is not the text on the page: CID fonts without a
 * usable ToUnicode map come out as U+FFFD, private-use or control characters, or as Latin letters where
 * these documents are Chinese (the glyph ids read as Latin-1). Each test is a share, not a count, so one
 * odd symbol in a good page never sends it to OCR.
 */
export function assessTextLayer(page: PdfPage, options: AssessTextLayerOptions = {}): TextLayerAssessment {
  const minCharacters = options.minCharacters ?? 10;
  const maxBrokenShare = options.maxBrokenShare ?? 0.1;
  const minHanShare = options.minHanShare ?? 0.2;
  const minLettersForScript = options.minLettersForScript ?? 20;

  const characters = [...page.items.map((item) => item.text).join("")].filter((character) => character.trim() !== "");
  if (characters.length === 0) return { usable: false, reason: "no text layer" };
  if (characters.length < minCharacters) {
    return { usable: false, reason: `only ${characters.length} characters of text (fewer than ${minCharacters}): probably a scan with a stray label` };
  }
  const broken = characters.filter((character) => BROKEN.test(character)).length;
  if (broken / characters.length > maxBrokenShare) {
    return {
      usable: false,
      reason: `${percent(broken / characters.length)} of ${characters.length} characters are U+FFFD, private-use or control characters (a font without a usable ToUnicode map)`,
    };
  }
  const letters = characters.filter((character) => LETTER.test(character));
  const han = letters.filter((character) => HAN.test(character)).length;
  if (letters.length >= minLettersForScript && han / letters.length < minHanShare) {
    return {
      usable: false,
      reason: `only ${percent(han / letters.length)} of ${letters.length} letters are Chinese: the font's codes were read as Latin (no usable ToUnicode map)`,
    };
  }
  return { usable: true, reason: `${characters.length} characters, ${percent(letters.length === 0 ? 1 : han / letters.length)} of letters Chinese` };
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
