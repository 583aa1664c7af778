import { alignedCharacters, lowestConfidence, type ReadText } from "./ocr-reading.js";

/**
 * A different character counts as a real rival when the recognizer gave it at least this share of the chosen
 * character's probability. Below it the recognizer knew which glyph it saw.
 */
const RIVAL_SHARE = 0.1;
/**
 * Below this probability a character is in doubt whatever came second: the rest of the step's probability went
 * to the blank class, which the second choice does not include, and a blank winning that step (or the step
 * next to it) drops the character or doubles it.
 */
const BLANK_FLOOR = 0.4;
/**
 * Small marks whose presence is the question, not their identity: a speck read as a point (`60.00.`) or a point
 * lost in a number is a timing doubt that changes the value, so they keep their own probability.
 */
const MARK = /[.,，、。·:：;；'"“”‘’]/u;
/** A character at or above this keeps no second choice (the decoder's `ALTERNATIVE_BELOW`): sure by itself. */
const SURE = 0.99;

/**
 * How sure the OCR engine was of WHICH characters `text[start, end)` of an item are, rather than of when it
 * saw them: the lowest, over the span, of each character's calibrated confidence. A CTC decoder's probability
 * for a character is that of one time step, shared with the blank class; a `%` read at 0.51 whose second
 * choice is at 0.00 was the only glyph the recognizer considered, and only the timing was unsure. So a
 * character counts as sure (1) unless a different character came second with a real share of its probability
 * (it keeps its own probability then) or its probability is so low that the blank could have won. Where the
 * reading carries no second choices at all (Tesseract's word confidences, or a reading whose characters no
 * longer line up with its text) nothing tells identity from timing, and the raw lowest confidence stands.
 * Null when the item was not OCR'd.
 *
 * In a text (`kind: "text"`, a level-3 name) the character ending a line also keeps its probability: a
 * recognizer unsure where the line ends may have dropped what followed (`…达到100%` for `…达到100%。`), and a
 * text is compared whole. A value's line ends in its unit or a bracket, where a dropped mark changes nothing.
 */
export function identityConfidence(item: ReadText, start = 0, end = item.text.length, kind: ReadKind = "value"): number | null {
  const reading = item.ocr;
  if (!reading) return null;
  const characters = alignedCharacters(item);
  if (!characters || !reading.alternatives || start >= end) return lowestConfidence(item, start, end);
  const second = new Map(reading.alternatives.map((alternative) => [alternative.index, alternative]));
  let lowest = 1;
  for (let index = Math.max(0, start); index < Math.min(end, characters.length); index++) {
    const lineEnd = index + 1 >= item.text.length || /\s/u.test(item.text[index + 1]!);
    lowest = Math.min(lowest, kind === "text" && lineEnd ? characters[index]! : characterIdentity(item.text[index]!, characters[index]!, second.get(index)));
  }
  return lowest;
}

/** What a span is read as: a value (target, amount, code) or a text compared whole (a name). */
export type ReadKind = "value" | "text";

/** One character's calibrated confidence: its probability where another character or the blank could have won, else 1. */
export function characterIdentity(chosen: string, probability: number, second: { readonly character: string; readonly probability: number } | undefined): number {
  if (probability >= SURE) return probability;
  if (probability < BLANK_FLOOR || MARK.test(chosen)) return probability;
  // A character below SURE with no second choice recorded was written by an edit (normalization): unknown.
  if (!second) return probability;
  const rival = second.character !== chosen && second.probability >= probability * RIVAL_SHARE;
  return rival ? probability : 1;
}
