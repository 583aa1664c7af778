/** A decoded recognition result: the text and the mean probability of its characters. */
export interface DecodedText {
  readonly text: string;
  readonly confidence: number;
}

/**
 * Greedy CTC decoding of one sequence: the best class per time step, repeats collapsed, blanks (class 0)
 * dropped. Class k ≥ 1 is `characters[k - 1]`.
 *
 * @param probabilities `steps × classes` softmax outputs, row-major, starting at `offset`.
 */
export function decodeCtc(probabilities: Float32Array, offset: number, steps: number, classes: number, characters: readonly string[]): DecodedText {
  let text = "";
  let confidenceSum = 0;
  let kept = 0;
  let previous = -1;
  for (let step = 0; step < steps; step++) {
    const row = offset + step * classes;
    let best = 0;
    let bestProbability = probabilities[row]!;
    for (let index = 1; index < classes; index++) {
      const probability = probabilities[row + index]!;
      if (probability > bestProbability) {
        bestProbability = probability;
        best = index;
      }
    }
    if (best !== 0 && best !== previous) {
      text += characters[best - 1] ?? "";
      confidenceSum += bestProbability;
      kept++;
    }
    previous = best;
  }
  return { text, confidence: kept === 0 ? 0 : confidenceSum / kept };
}
