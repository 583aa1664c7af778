/**
 * Where a recognized line has room for a character it did not read: two Chinese characters emitted much
 * further apart than the line's own character spacing.
 *
 * Why: the recognizer can drop a dense glyph whole and stay sure of everything else (at 150 dpi, `修缮` read
 * `修`, `竣工` read `工`, `辍学` read `学`, with every step above 0.98), so no confidence shows it. But CTC
 * emits each character at a time step, and a step is a fixed slice of the crop: Chinese characters are set
 * full-width, so on one line they follow each other at a steady pace, and a dropped one leaves a gap of about
 * two paces between its neighbours. On the 71 scanned fixture pages, every Han–Han gap of at least 1.8 paces
 * (6 of 2,530 lines) was a dropped glyph (5) or a real run of spaces (`优 □良 □中`); the next widest were
 * letter-spaced labels at 1.75.
 *
 * The pace is the median of the line's Han–Han steps, so it comes from the line itself (its font size, its
 * crop's scale); with fewer than `MIN_PAIRS` of them there is no pace to trust and nothing is said. Gaps next
 * to digits, Latin or punctuation are left alone: those glyphs are narrower or sit at one side of their cell.
 */
export function glyphGaps(text: string, positions: readonly number[]): string[] {
  const steps = hanSteps(text, positions);
  const pace = paceOf(steps);
  if (pace === null) return [];
  return steps
    .filter(({ gap }) => gap >= pace * MIN_GAP_PACES && gap - pace >= MIN_EXTRA_STEPS)
    .map(({ before, gap }) => `the line has room for a character between "${text[before]}" and "${text[before + 1]}" that nothing was read in (${gap} steps where its characters are ${pace} apart)`);
}

/**
 * The line's pace: the median number of time steps from one Chinese character to the next, or null with fewer
 * than `MIN_PAIRS` such steps (or positions that do not match the text).
 */
export function linePace(text: string, positions: readonly number[]): number | null {
  return paceOf(hanSteps(text, positions));
}

function paceOf(steps: ReadonlyArray<{ readonly gap: number }>): number | null {
  return steps.length < MIN_PAIRS ? null : median(steps.map((step) => step.gap));
}

function hanSteps(text: string, positions: readonly number[]): Array<{ readonly before: number; readonly gap: number }> {
  if (positions.length !== text.length) return [];
  const steps: Array<{ readonly before: number; readonly gap: number }> = [];
  for (let index = 0; index + 1 < text.length; index++) {
    if (isHan(text.charCodeAt(index)) && isHan(text.charCodeAt(index + 1))) steps.push({ before: index, gap: positions[index + 1]! - positions[index]! });
  }
  return steps;
}

/** Han–Han steps a line needs before its median is its pace (with 3, one dropped glyph cannot move it). */
const MIN_PAIRS = 3;
/** A gap this many paces wide has a character's room in it (a dropped glyph: 2.0–2.25; letter-spacing: up to 1.75). */
const MIN_GAP_PACES = 1.8;
/** And at least this many steps more than the pace: at a pace of 2–3 steps, one step of rounding is not room. */
const MIN_EXTRA_STEPS = 3;

/** CJK Unified Ideographs (and Extension A): the characters set full-width, one pace apart. */
function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
