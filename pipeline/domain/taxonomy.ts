/**
 * The 财政部 project-expenditure indicator taxonomy (DOMAIN.md). Newer templates make 成本指标 a level 1
 * with its own level 2s; older ones keep it as a level 2 under 产出指标. Both are valid.
 */
export const TAXONOMY: Readonly<Record<string, readonly string[]>> = {
  产出指标: ["数量指标", "质量指标", "时效指标", "成本指标"],
  效益指标: ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"],
  满意度指标: ["服务对象满意度指标"],
  成本指标: ["经济成本指标", "社会成本指标", "生态环境成本指标"],
};

export const LEVEL1_NAMES: readonly string[] = Object.keys(TAXONOMY);
export const LEVEL2_NAMES: readonly string[] = [...new Set(Object.values(TAXONOMY).flat())];

/** Level-2 annotations that mark a category as required or optional; not part of the name. */
export const LEVEL2_ANNOTATIONS = ["必填硬性指标", "必填量化", "必填", "选填"] as const;

/** Categories a template requires when it does not mark them itself (the 财政部 template's 必填 set). */
export const DEFAULT_REQUIRED_LEVEL2 = ["数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标", "可持续影响指标", "服务对象满意度指标"] as const;

export interface Level2Name {
  /** The name without annotation, numbering or colon, e.g. 数量指标. */
  readonly name: string;
  /** The annotation as written inside its brackets, e.g. 必填硬性指标, or null. */
  readonly annotation: string | null;
  /** true for 必填…, false for 选填, null when unannotated. */
  readonly required: boolean | null;
}

/** Splits `数量指标 (必填硬性指标)` / `(一)数量指标:` into name and annotation. */
export function splitLevel2(raw: string): Level2Name {
  let text = raw.replace(/\s+/g, "").replace(/^[(（][一二三四五六七八九十]+[)）]/, "").replace(/[:：]$/, "");
  let annotation: string | null = null;
  const match = /[(（]([^()（）]*)[)）]$/.exec(text);
  if (match && /必填|选填/.test(match[1]!)) {
    annotation = match[1]!;
    text = text.slice(0, match.index);
  }
  return { name: text, annotation, required: annotation === null ? null : annotation.startsWith("必填") };
}

/** The level 1 a known level 2 belongs to (成本指标 as a level 2 belongs to 产出指标), or null. */
export function parentOfLevel2(level2: string): string | null {
  for (const [level1, children] of Object.entries(TAXONOMY)) if (children.includes(level2)) return level1;
  return null;
}

/**
 * A score a template writes into the level-1 cell beside its name: `成本指标(0-20)分`, `产出指标（40分）`,
 * `效益指标(20)`. It weighs the category; it is no part of the name.
 */
export const LEVEL1_SCORE = /[(（]\s*\d+(?:\.\d+)?\s*(?:[-~～－—至]\s*\d+(?:\.\d+)?\s*)?分?\s*[)）]\s*分?$/u;

/** Whether the text of a cell names a known level 1 (`一、产出指标`, `产出指标:` and `成本指标(0-20)分` count). */
export function matchLevel1(text: string): string | null {
  const cleaned = text.replace(/\s+/g, "").replace(/^[一二三四五六七八九十]+[、.]/, "").replace(/[:：]$/, "").replace(LEVEL1_SCORE, "");
  return LEVEL1_NAMES.includes(cleaned) ? cleaned : null;
}

/** Whether the text of a cell names a known level 2, annotation allowed. */
export function matchLevel2(text: string): Level2Name | null {
  const split = splitLevel2(text);
  return LEVEL2_NAMES.includes(split.name) ? split : null;
}

/** Cost indicators are level 2 成本指标 or anything under level 1 成本指标. */
export function isCostIndicator(level1: string, level2: string): boolean {
  return level2 === "成本指标" || level1 === "成本指标" || /成本指标$/.test(level2);
}

/** Rates: a name that says 率 / 比例 / 覆盖面 is a share, so a percentage above 100 is impossible. */
export function isRateName(level3: string): boolean {
  return /率|比例|占比|覆盖面|百分比/.test(level3);
}
