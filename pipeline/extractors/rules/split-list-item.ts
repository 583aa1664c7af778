import { parseTargetValue } from "../../domain/parse-target-value.js";

/** A numbered list item split into its indicator name and its target value, both as written. */
export interface ListItem {
  readonly name: string;
  readonly value: string;
}

const COMPARATOR = "(?:[≥≤<>=]|不低于|不少于|不高于|不超过|不大于|不小于|大于|小于|低于|高于|超过|达到|约)";
const NUMBER = "(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?";
// A unit is short: `%`, `万元`, `(批)次`, `元/人/月`, `余件`. A longer run of characters after a number is
// the rest of a name (`完成13个乡镇督查`), not a unit, and must not be split off as a value.
const UNIT = "(?:\\s?[(（][^()（）\\s]{1,4}[)）])?(?:\\s?(?:[%‰]|[\\u4e00-\\u9fffA-Za-z]{1,4})(?:/[\\u4e00-\\u9fffA-Za-z]{1,3}){0,2})?";
const NUMERIC_TAIL = new RegExp(`^(.*?\\S)\\s*(${COMPARATOR}?\\s*${NUMBER}${UNIT}(?:以上|以下|以内|左右)?)$`, "u");

const QUALITATIVE_TAIL = /^(.*\S)\s+([\u4e00-\u9fff、/]{1,8})$/u;
// Words a qualitative target is made of (`提升`, `有所提升`, `健全`, `长期`, `提升、规范`).
const QUALITATIVE_WORD =
  /^(有所|逐步|稳步|不断|明显|显著|进一步|持续|基本|较为|较|更加|全面)?(提升|提高|健全|完善|长期|长效|合理|有效|规范|显著|明显|合格|良好|优良?|优秀|满意|稳定|达标|改善|增强|降低|减少|下降|增加|保持|到位|及时|准确|全覆盖|落实|坚持|增长|上升|扩大|巩固|优化|加强|提速|改进|好转)+$/u;

// A deadline written with its year (`2022年12月底前`, `2021年第二季度完成`) ends in digits and a short word
// like any number with a unit, so the numeric tail alone would cut it after the year: name `拨付时间 2022年`,
// value `12月底前`. A year not glued to a digit before it starts the candidate value.
const YEAR = /(?<!\d)(?:19|20)\d\d年/gu;

// `名称:值`: some counties separate name and value with a colon instead of a space. The last colon counts,
// and only when all that follows it is one target value, so a colon inside a name is left alone.
const COLON_SEPARATED = /^(.*\S)\s*[:：]\s*(\S.*)$/u;

/**
 * Splits `整理装订群众来信案件档案一案一册 ≥ 30 (批)` into name and value. The value is the item's tail:
 * a dated deadline (`2022年12月底前`), a number with its comparator and unit (with or without a space before
 * it), or a qualitative word or a period after a space. Returns null when the item has no recognizable value,
 * so the caller can say so instead of guessing where the name ends.
 */
export function splitListItem(text: string): ListItem | null {
  const item = text.trim().replace(/[;；,，。]+$/, "");
  const colon = COLON_SEPARATED.exec(item);
  if (colon && isWholeValue(colon[2]!)) return { name: colon[1]!, value: colon[2]! };
  const dated = splitDatedTail(item);
  if (dated) return dated;
  const numeric = NUMERIC_TAIL.exec(item);
  if (numeric) return { name: numeric[1]!.trim(), value: numeric[2]!.trim() };
  const qualitative = QUALITATIVE_TAIL.exec(item);
  if (qualitative) {
    const tail = qualitative[2]!;
    if (isQualitativeWords(tail) || parseTargetValue(tail).kind === "period") {
      return { name: qualitative[1]!.trim(), value: tail };
    }
  }
  return null;
}

/** The earliest year in the item from which the rest reads as a period, as the value; null when there is none. */
function splitDatedTail(item: string): ListItem | null {
  for (const match of item.matchAll(YEAR)) {
    const name = item.slice(0, match.index).trim();
    const value = item.slice(match.index).trim();
    if (name !== "" && parseTargetValue(value).kind === "period") return { name, value };
  }
  return null;
}

function isQualitativeWords(text: string): boolean {
  return text.split(/[、/]/).every((word) => QUALITATIVE_WORD.test(word));
}

/** Text that is a target value and nothing else: a number with its unit, a period, or qualitative words. */
function isWholeValue(text: string): boolean {
  const kind = parseTargetValue(text).kind;
  return kind === "numeric" || kind === "period" || isQualitativeWords(text);
}

/**
 * For text whose cells ran together with no separator at all (`阻断贫困代际传递长期`, `扶助金发放时限每季度`): a
 * qualitative target word or a period word (`每季度`, `年底前`) at the very end, the longest such tail, split off
 * only when a name of at least two characters stays. Less certain than a split at a separator, so callers say so.
 */
export function splitTrailingWord(text: string): ListItem | null {
  const item = text.trim().replace(/[;；,，。]+$/, "");
  for (let start = 2; start < item.length; start++) {
    const tail = item.slice(start);
    if (tail.length <= 6 && (isQualitativeWords(tail) || parseTargetValue(tail).kind === "period")) return { name: item.slice(0, start), value: tail };
  }
  return null;
}
