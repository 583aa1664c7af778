/**
 * What one image costs in input tokens on OpenAI's vision models at `detail: high`: the image is fitted in
 * 2048 × 2048, then its short side scaled to 768; each 512-pixel tile costs 170 tokens, plus 85 for the image.
 * Other providers count otherwise (Qwen2.5-VL: one token per 28 × 28 patch); the server's reported usage is
 * what is billed, this is what budgets and the cost ceiling plan with.
 */
export function imageTokens(width: number, height: number): number {
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const shortSide = Math.min(w, h);
  if (shortSide > 768) {
    w *= 768 / shortSide;
    h *= 768 / shortSide;
  }
  return 85 + 170 * Math.ceil(w / 512) * Math.ceil(h / 512);
}
