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
    const own = alignedCharacters(part);
    if (part.ocr && !own) aligned = false;
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
 * The reading of `after`, a text an edit made from `before` (normalization, a repair), where the edit can be
 * traced character by character: `pieces[i]` is what `before[i]` became (possibly "" or several characters).
 * Each new character takes the confidence of the one it came from; where the pieces do not add up to `after`,
 * the per-character confidences are dropped and the reading keeps only the lowest, so no doubt is lost.
 */
export function editedReading(before: ReadText, after: string, pieces: readonly string[] | null): OcrReading | undefined {
  const reading = before.ocr;
  if (!reading) return undefined;
  if (after === before.text) return reading;
  const characters = alignedCharacters(before);
  const { characters: _characters, alternatives: _alternatives, ...rest } = reading;
  if (!characters || !pieces || pieces.join("") !== after) return { ...rest, confidence: lowestConfidence(before) ?? reading.confidence };
  const moved: number[] = [];
  const movedTo: number[] = [];
  pieces.forEach((piece, index) => {
    movedTo.push(moved.length);
    for (let unit = 0; unit < piece.length; unit++) moved.push(characters[index]!);
  });
  const alternatives = (reading.alternatives ?? []).filter((alternative) => pieces[alternative.index]?.length === 1).map((alternative) => ({ ...alternative, index: movedTo[alternative.index]! }));
  return { ...rest, characters: moved, ...(alternatives.length > 0 ? { alternatives } : {}) };
}

/**
 * A second choice that normalizes to the very character chosen (`／` for `/`, `（` for `(`: the recognizer
 * knows both widths, the pipeline does not tell them apart) is no doubt but a share of the same reading: its
 * probability is added to the character's and it is dropped. Without this every `次/年` was read at about 0.5.
 */
export function foldEquivalentAlternatives(item: ReadText, normalize: (text: string) => string): OcrReading | undefined {
  const reading = item.ocr;
  const characters = alignedCharacters(item);
  if (!reading?.alternatives || !characters) return reading;
  const folded = [...characters];
  const kept = reading.alternatives.filter((alternative) => {
    const chosen = item.text[alternative.index];
    if (chosen === undefined || normalize(alternative.character) !== chosen) return true;
    folded[alternative.index] = Math.min(1, Math.round((folded[alternative.index]! + alternative.probability) * 10_000) / 10_000);
    return false;
  });
  const { alternatives: _alternatives, ...rest } = reading;
  return { ...rest, characters: folded, ...(kept.length > 0 ? { alternatives: kept } : {}) };
}
