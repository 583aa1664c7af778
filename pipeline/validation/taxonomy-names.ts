import { compact } from "../domain/cell-text.js";
import { LEVEL2_NAMES, matchLevel1, TAXONOMY } from "../domain/taxonomy.js";

/**
 * A written 一级指标 as its taxonomy name (`一、产出指标` → 产出指标), or null when it is none.
 * A name without its 指标 suffix (`产出`) is the same category written short, not a different one.
 */
export function canonicalLevel1(written: string): string | null {
  const name = compact(written).replace(/[:：]$/, "");
  return matchLevel1(name) ?? (name === "" ? null : matchLevel1(`${name}指标`));
}

/** A level-2 name (annotation already split off) as its taxonomy name, or null when it is none. */
export function canonicalLevel2(name: string): string | null {
  const cleaned = compact(name).replace(/[:：]$/, "");
  if (LEVEL2_NAMES.includes(cleaned)) return cleaned;
  return cleaned !== "" && LEVEL2_NAMES.includes(`${cleaned}指标`) ? `${cleaned}指标` : null;
}

/**
 * The taxonomy level 2 an indicator belongs to: its own level 2 when known, else the only level 2 its
 * level 1 has (满意度指标 → 服务对象满意度指标, which templates often leave unprinted), else null.
 */
export function effectiveLevel2(indicator: { readonly level1: string; readonly level2: string }): string | null {
  const known = canonicalLevel2(indicator.level2);
  if (known !== null || compact(indicator.level2) !== "") return known;
  const level1 = canonicalLevel1(indicator.level1);
  const children = level1 === null ? undefined : TAXONOMY[level1];
  return children?.length === 1 ? (children[0] ?? null) : null;
}
