import type { OcrAlternative, OcrReading } from "../../schemas/layout.js";

/** Anything with a text and, when it was OCR'd, the reading of that text: a text item or a cell. */
export interface ReadText {
  readonly text: string;
  readonly ocr?: OcrReading | undefined;
}

/** Whether a reading's per-character confidences still line up with the text they describe. */
export function alignedCharacters(item: ReadText): readonly number[] | null {
  const characters = item.ocr?.characters;
  return characters && characters.length === item.text.length ? characters : null;
}

/**
 * The lowest confidence over `text[start, end)` of an item: its characters' where they line up with the text,
 * else the reading's own (which, for a join, is the lowest of its parts). Null when the item was not OCR'd.
 */
export function lowestConfidence(item: ReadText, start = 0, end = item.text.length): number | null {
  if (!item.ocr) return null;
  const characters = alignedCharacters(item);
  if (!characters) return item.ocr.confidence;
  let lowest = 1;
  for (let index = Math.max(0, start); index < Math.min(end, characters.length); index++) lowest = Math.min(lowest, characters[index]!);
  return start >= end ? item.ocr.confidence : lowest;
}

/**
 * The reading of a text made by joining parts (items into a run, lines into a cell, a cell cut by a page break
 * with its rest): each part is found in `joined` in order, its characters and second choices placed where it
 * landed; what joins them (spaces, newlines) was not read and counts as sure. The confidence is the lowest of
 * the parts', so a cell is no surer than its weakest line. Undefined when no part was OCR'd.
 */
export function joinReadings(joined: string, parts: readonly ReadText[]): OcrReading | undefined {
  const read = parts.filter((part) => part.ocr);
  if (read.length === 0) return undefined;
  const characters: number[] = new Array<number>(joined.length).fill(1);
  const alternatives: OcrAlternative[] = [];
  const repairs: string[] = [];
  const doubts: string[] = [];
  let raw = "";
  let cursor = 0;
  let aligned = true;
  for (const part of parts) {
    const at = part.text === "" ? cursor : joined.indexOf(part.text, cursor);
    if (at < 0) {
      aligned = false;
      continue;
    }
    raw += joined.slice(cursor, at) + (part.ocr?.raw ?? part.text);
    // A part whose characters are unknown counts, character by character, at its own (lowest) confidence.
    const own = alignedCharacters(part) ?? (part.ocr ? new Array<number>(part.text.length).fill(part.ocr.confidence) : null);
    own?.forEach((confidence, index) => (characters[at + index] = confidence));
    for (const alternative of part.ocr?.alternatives ?? []) alternatives.push({ ...alternative, index: alternative.index + at });
    repairs.push(...(part.ocr?.repairs ?? []));
    doubts.push(...(part.ocr?.doubts ?? []));
    cursor = at + part.text.length;
  }
  raw += joined.slice(cursor);
  const reading: OcrReading = {
    confidence: Math.min(...read.map((part) => lowestConfidence(part) ?? 1)),
    ...(aligned ? { characters } : {}),
    ...(aligned && alternatives.length > 0 ? { alternatives } : {}),
    ...(repairs.length > 0 ? { raw, repairs } : {}),
    ...(doubts.length > 0 ? { doubts } : {}),
  };
  return reading;
}

/**
 * The reading of `after`, a text an edit made from `before` (normalization: NFKC, converter LaTeX, Word field
 * codes, spaces). The two texts are aligned on their longest common subsequence: a character kept by the edit
 * keeps its confidence and second choice; characters the edit wrote (`≥` for `\geq`) take the lowest
 * confidence of what they replaced, so a doubt moves with the text instead of spreading over the line; what the
 * edit removed outright takes its confidence with it. Texts too long to align keep only the lowest confidence.
 */
export function editedReading(before: ReadText, after: string): OcrReading | undefined {
  const reading = before.ocr;
  if (!reading) return undefined;
  if (after === before.text) return reading;
  const characters = alignedCharacters(before);
  const { characters: _characters, alternatives: _alternatives, ...rest } = reading;
  if (!characters || before.text.length * after.length > MAX_ALIGNED_CELLS) return { ...rest, confidence: lowestConfidence(before) ?? reading.confidence };
  const source = alignOnCommonSubsequence(before.text, after);
  const moved = source.map((origin) => (origin.kept !== null ? characters[origin.kept]! : lowestOf(characters, origin.from, origin.to)));
  const keptAt = new Map(source.flatMap((origin, index) => (origin.kept !== null ? [[origin.kept, index] as const] : [])));
  const alternatives = (reading.alternatives ?? []).flatMap((alternative) => {
    const index = keptAt.get(alternative.index);
    return index === undefined ? [] : [{ ...alternative, index }];
  });
  return { ...rest, characters: moved, ...(alternatives.length > 0 ? { alternatives } : {}) };
}

/** A bound on the alignment table (before × after code units): a run of text is a line or two, a few thousand cells. */
const MAX_ALIGNED_CELLS = 250_000;

/** Where each character of `after` came from: a kept (or one-for-one substituted) character of `before`, or the gap `[from, to)` it replaced. */
type Origin = { readonly kept: number; readonly from?: undefined; readonly to?: undefined } | { readonly kept: null; readonly from: number; readonly to: number };

function alignOnCommonSubsequence(before: string, after: string): Origin[] {
  const rows = before.length + 1;
  const columns = after.length + 1;
  // lengths[i][j]: common subsequence of before[i..] and after[j..].
  const lengths = new Uint16Array(rows * columns);
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      lengths[i * columns + j] = before[i] === after[j] ? lengths[(i + 1) * columns + j + 1]! + 1 : Math.max(lengths[(i + 1) * columns + j]!, lengths[i * columns + j + 1]!);
    }
  }
  const pairs: Array<[number, number]> = [];
  for (let i = 0, j = 0; i < before.length && j < after.length; ) {
    if (before[i] === after[j]) pairs.push([i++, j++]);
    else if (lengths[(i + 1) * columns + j]! >= lengths[i * columns + j + 1]!) i++;
    else j++;
  }
  const origins: Origin[] = [];
  let previousBefore = 0;
  let previousAfter = 0;
  for (const [i, j] of [...pairs, [before.length, after.length] as [number, number]]) {
    // The written characters between two kept ones replaced the removed ones between them (or, where nothing
    // was removed, were inserted next to their neighbours).
    // As many written as removed is a substitution, one for one (NFKC's full-width digits).
    const substituted = j - previousAfter === i - previousBefore;
    const from = previousBefore < i ? previousBefore : Math.max(0, previousBefore - 1);
    const to = previousBefore < i ? i : Math.min(before.length, previousBefore + 1);
    for (let index = previousAfter; index < j; index++) origins.push(substituted ? { kept: previousBefore + index - previousAfter } : { kept: null, from, to });
    if (j < after.length) origins.push({ kept: i });
    previousBefore = i + 1;
    previousAfter = j + 1;
  }
  return origins;
}

function lowestOf(characters: readonly number[], from: number, to: number): number {
  let lowest = 1;
  for (let index = from; index < to; index++) lowest = Math.min(lowest, characters[index]!);
  return lowest;
}

/**
 * A second choice that normalizes to the very character chosen (`／` for `/`, `（` for `(`: the recognizer
 * knows both widths, the pipeline does not tell them apart) is no doubt but a share of the same reading: its
 * probability is added to the character's, and it is kept written as the chosen character, which says that no
 * other character came second (what `identityConfidence` needs). Without this every `次/年` was read at about 0.5.
 */
export function foldEquivalentAlternatives(item: ReadText, normalize: (text: string) => string): OcrReading | undefined {
  const reading = item.ocr;
  const characters = alignedCharacters(item);
  if (!reading?.alternatives || !characters) return reading;
  const folded = [...characters];
  const alternatives = reading.alternatives.map((alternative) => {
    const chosen = item.text[alternative.index];
    if (chosen === undefined || alternative.character === chosen || normalize(alternative.character) !== chosen) return alternative;
    folded[alternative.index] = Math.min(1, Math.round((folded[alternative.index]! + alternative.probability) * 10_000) / 10_000);
    return { ...alternative, character: chosen };
  });
  return { ...reading, characters: folded, alternatives };
}
