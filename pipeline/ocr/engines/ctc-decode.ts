import type { OcrAlternative } from "../../../schemas/layout.js";

/** A decoded recognition result: the text, the mean probability of its characters, and each one's. */
export interface DecodedText {
  readonly text: string;
  readonly confidence: number;
  /** The probability of each character of `text` (one per UTF-16 code unit: a character spanning two repeats its probability). */
  readonly characters: readonly number[];
  /**
   * The time step that emitted each character (one per UTF-16 code unit, like `characters`). A step is a fixed
   * width of the crop (8 pixels of the recognizer's input), so these say where along the line each character
   * stands: a character's width of steps with nothing in it is where a glyph may have been dropped.
   */
  readonly positions: readonly number[];
  /** For each character below `ALTERNATIVE_BELOW`, the class the decoder ranked second at that step (blanks excluded). */
  readonly alternatives: readonly OcrAlternative[];
  /**
   * The lowest winning probability of any time step, blank steps included: a character dropped between two
   * others shows here (a blank that barely won), not in `characters`.
   */
  readonly leastSureStep: number;
}

/**
 * A character whose own probability is below this keeps the decoder's second choice: that is the evidence a
 * repair needs (`>` whose runner-up was `≥`), and above it the runner-up is noise not worth carrying.
 */
const ALTERNATIVE_BELOW = 0.99;

/** A blank at least this likely is the step's best class whatever the others are (see `decodeCtc`). */
const BLANK_WINS_ABOVE = 0.51;

/**
 * Greedy CTC decoding of one sequence: the best class per time step, repeats collapsed, blanks (class 0)
 * dropped. Class k ≥ 1 is `characters[k - 1]`. A character's probability is that of the step that emitted it,
 * as in PaddleOCR's decoder.
 *
 * @param probabilities `steps × classes` softmax outputs, row-major, starting at `offset`.
 */
export function decodeCtc(probabilities: Float32Array, offset: number, steps: number, classes: number, characters: readonly string[]): DecodedText {
  let text = "";
  const perCharacter: number[] = [];
  const positions: number[] = [];
  const alternatives: OcrAlternative[] = [];
  let confidenceSum = 0;
  let kept = 0;
  let previous = -1;
  let leastSureStep = 1;
  for (let step = 0; step < steps; step++) {
    const row = offset + step * classes;
    let best = 0;
    let bestProbability = probabilities[row]!;
    let second = 0;
    let secondProbability = -1;
    // A step's probabilities sum to 1 (within 2e-6 on both models), so a blank above 0.51 wins the step
    // outright, and a blank step needs no runner-up: most steps of a crop are blank, and this skips their
    // scan of the 6,624 characters.
    const classesToScan = bestProbability > BLANK_WINS_ABOVE ? 1 : classes;
    for (let index = 1; index < classesToScan; index++) {
      const probability = probabilities[row + index]!;
      if (probability > bestProbability) {
        if (best !== 0) {
          second = best;
          secondProbability = bestProbability;
        }
        bestProbability = probability;
        best = index;
      } else if (probability > secondProbability) {
        second = index;
        secondProbability = probability;
      }
    }
    if (bestProbability < leastSureStep) leastSureStep = bestProbability;
    if (best !== 0 && best !== previous) {
      const character = characters[best - 1] ?? "";
      if (bestProbability < ALTERNATIVE_BELOW && second !== 0 && secondProbability > 0) {
        alternatives.push({ index: text.length, character: characters[second - 1] ?? "", probability: round(secondProbability) });
      }
      text += character;
      for (let unit = 0; unit < character.length; unit++) {
        perCharacter.push(round(bestProbability));
        positions.push(step);
      }
      confidenceSum += bestProbability;
      kept++;
    }
    previous = best;
  }
  return { text, confidence: kept === 0 ? 0 : confidenceSum / kept, characters: perCharacter, positions, alternatives, leastSureStep: round(leastSureStep) };
}

function round(probability: number): number {
  return Math.round(probability * 10_000) / 10_000;
}
