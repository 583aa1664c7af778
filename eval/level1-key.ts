import { compact } from "../pipeline/domain/cell-text.js";
import { matchLevel1 } from "../pipeline/domain/taxonomy.js";

/** A level-1 name as compared: the taxonomy name when it is one (`一、产出指标` → 产出指标), else the text without whitespace. */
export function level1Key(level1: string): string {
  return matchLevel1(level1) ?? compact(level1);
}
