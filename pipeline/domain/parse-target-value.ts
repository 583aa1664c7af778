import {
  normalizeUnit,
  type Comparator,
  type ParsedValue,
  type ValuePeriod,
} from "../../schemas/parsed-value.js";

/**
 * Parse one 指标值 (indicator target value) into a `ParsedValue`. Pure and total: every input yields a
 * value, and `raw` always keeps the input unchanged.
 *
 * Decisions worth knowing:
 * - Text without a leading number is qualitative unless it reads as a period (`12月`, `全年`).
 * - 达到 reads as ≥: "达到95%" promises at least 95%, not exactly 95%.
 * - A unit we do not know stays as written (`95人百分比` → unit `人百分比`), so a validator can flag it.
 * - A parenthesized measure word joins the unit after it: `≥4（批）次` → unit `批次`; alone, `≥30（批）` → `批`.
 * - A 万/亿 magnitude on a count is folded into the number (`5 万份` → 50000 份); 亿元 becomes 万元.
 * - A short noun after a known unit is dropped (`100 余件事项/年` → 件, /年); `raw` still has it.
 * - A number followed by more digits, punctuation or a long tail is a sentence, hence qualitative.
 * - `每年2次` is read as `2次/年`.
 * - A number that names a grade is qualitative: `20年一遇`, `4A级`, `3星级`, `2级` (a rank, not two of anything).
 * - When a prefix and a suffix comparator disagree (`≥5以下`), the prefix wins; `raw` keeps both.
 */
export function parseTargetValue(raw: string): ParsedValue {
  const text = cleanText(raw);
  const compact = text.replace(/\s+/g, "");
  if (compact === "" || PLACEHOLDER.test(compact)) return { ...blank(raw), kind: "empty" };
  const period = parsePeriod(compact);
  if (period) return { ...blank(raw), kind: "period", text: compact, period };
  const numeric = parseNumeric(compact);
  if (numeric) return { ...blank(raw), kind: "numeric", ...numeric };
  return { ...blank(raw), kind: "qualitative", text };
}

function blank(raw: string): ParsedValue {
  return {
    raw, kind: "empty", comparator: null, number: null, unit: null, rate: null,
    approximate: false, text: null, period: null,
  };
}

// Cells a converter leaves for "nothing here": dashes, slashes, dots.
const PLACEHOLDER = /^[-—–―/\\_~…·.。*]+$/;

/** NFKC, leftover LaTeX, and spacing: PDF text puts spaces between CJK characters that mean nothing. */
function cleanText(raw: string): string {
  return raw
    .normalize("NFKC")
    .replace(/\\(?:geqslant|geq|ge)(?![a-zA-Z])/g, "≥")
    .replace(/\\(?:leqslant|leq|le)(?![a-zA-Z])/g, "≤")
    .replace(/\\gt(?![a-zA-Z])/g, ">")
    .replace(/\\lt(?![a-zA-Z])/g, "<")
    .replace(/\\(?:text|mathrm)\{([^}]*)\}/g, "$1")
    .replace(/\\%/g, "%")
    .replace(/\$|\\[,;! ]/g, "")
    .replace(/\s+/g, (space, offset: number, whole: string) =>
      isWide(whole[offset - 1]) || isWide(whole[offset + space.length]) ? "" : " ")
    .trim()
    .replace(/[。;,、]+$/, "");
}

function isWide(character: string | undefined): boolean {
  return character !== undefined && character.charCodeAt(0) > 0x7f;
}

// ─── periods ────────────────────────────────────────────────────────────────────────────────────────

// Recurring or whole-span periods: no single date to hold, so only the wording is kept.
const SPAN_PERIOD =
  /^(?:全年度?|每(?:月|季度?|年|周|天|日|学期|半年)|按(?:月|季度?|年|周|学期)|当年|年内|年度内|常年|上半年|下半年|\d{1,2}[-~至到]\d{1,2}月)(?:完成)?$/;

const DATED_PERIOD = new RegExp(
  "^(?:(\\d{4})年度?)?" +
    "(?:第?([一二三四1-4])季度|(\\d{1,2}|十[一二]?|[一二三四五六七八九])月份?(?:(\\d{1,2})日)?|(年底|年末))?" +
    "(底|末|初)?(之前|以前|前|以内|之内|内)?(全部完成|完成支出|完成|支付完毕|完工|办结|结束)?$",
);

const CHINESE_NUMBERS: Readonly<Record<string, number>> = {
  一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12,
};

function smallNumber(written: string): number {
  return CHINESE_NUMBERS[written] ?? Number.parseInt(written, 10);
}

// A recurring deadline (`每月10日前`, `每季度末`, `每年6月底前`): a point in every period, none to hold.
const RECURRING_PERIOD =
  /^(?:每|按)(?:月|季度?|年|周|半年|学期)(?:(?:\d{1,2}|[一二三四五六七八九十]{1,2})月份?)?(?:\d{1,2}[日号]|[初中末底]|第[一二三四1-4]周)?(?:之前|以前|前|内|以内)?(?:完成|发放|拨付|报送)?$/u;

function parsePeriod(compact: string): ValuePeriod | null {
  if (SPAN_PERIOD.test(compact) || RECURRING_PERIOD.test(compact)) return { year: null, quarter: null, month: null, bound: null };
  const match = DATED_PERIOD.exec(compact);
  if (!match) return null;
  const [, yearText, quarterText, monthText, dayText, yearEnd, monthEdge, before, done] = match;
  if (!yearText && !quarterText && !monthText && !yearEnd) return null;
  const year = yearText ? Number.parseInt(yearText, 10) : null;
  // A four-digit "year" outside this range is a count of years (`1000年`), not a date.
  if (year !== null && (year < 1900 || year > 2100)) return null;
  const month = yearEnd ? 12 : monthText ? smallNumber(monthText) : null;
  if (month !== null && (month < 1 || month > 12)) return null;
  if (dayText && (Number(dayText) < 1 || Number(dayText) > 31)) return null;
  const quarter = quarterText ? smallNumber(quarterText) : null;
  const isDeadline = Boolean(before || done || yearEnd || monthEdge === "底" || monthEdge === "末");
  return { year, quarter, month, bound: isDeadline ? "by" : "at" };
}

// ─── numbers ────────────────────────────────────────────────────────────────────────────────────────

interface Affix {
  readonly text: string;
  readonly comparator: Comparator | null;
  readonly approximate: boolean;
}

function affixes(entries: ReadonlyArray<readonly [Comparator | "~", readonly string[]]>): readonly Affix[] {
  return entries
    .flatMap(([meaning, texts]) =>
      texts.map((text) => ({ text, comparator: meaning === "~" ? null : meaning, approximate: meaning === "~" })))
    // Longest first, so that 不低于 wins over 低于 and 及以上 over 以上.
    .sort((a, b) => b.text.length - a.text.length);
}

const PREFIXES = affixes([
  ["≥", ["≥", "≧", "⩾", ">=", "大于等于", "大于或等于", "不低于", "不少于", "不小于", "至少", "达到", "达"]],
  ["≤", ["≤", "≦", "⩽", "<=", "小于等于", "小于或等于", "不超过", "不高于", "不大于", "不多于", "至多", "最多",
    "减少至", "减少到", "降至", "降到", "降低至", "降低到", "控制在", "控制到"]],
  ["<", ["<", "小于", "低于", "少于"]],
  [">", [">", "大于", "高于", "超过", "多于"]],
  ["=", ["=", "等于"]],
  ["~", ["约", "大约", "约为"]],
]);

const SUFFIXES = affixes([
  ["≥", ["以上", "及以上", "或以上"]],
  ["≤", ["以下", "及以下", "或以下", "以内", "之内", "内"]],
  ["~", ["左右", "余", "多"]],
]);

const NUMBER = /^([-−])?(?:(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?|\.(\d+))/;
const RATE = /^(?:\/[\p{Script=Han}·]{1,4})+$/u;
const HAN_NOUN = /^\p{Script=Han}{1,3}$/u;

// What turns the number before it into the name of a grade: a return period (年一遇), a rating (A级, 星级, 星),
// a rank (级), with a noun after it (`4A级景区`, `3级标准`) or none. Not 类 or 种: `5类培训` counts kinds.
const GRADE_WORD = /^(?:年一遇|A{1,2}级?|星级?|级)\p{Script=Han}{0,4}$/u;

type Numeric = Pick<ParsedValue, "comparator" | "number" | "unit" | "rate" | "approximate">;

function parseNumeric(compact: string): Numeric | null {
  // `每年2次` is `2次/年` written the other way round.
  const leadingRate = /^每(季度|年|月|季|周|天|日|人|户|次)(?=[\d约≥≤<>=不至达])/u.exec(compact)?.[1];
  let rest = leadingRate ? compact.slice(leadingRate.length + 1) : compact;
  let comparator: Comparator | null = null;
  let approximate = false;
  for (let prefix = findPrefix(rest); prefix; prefix = findPrefix(rest)) {
    rest = rest.slice(prefix.text.length);
    comparator ??= prefix.comparator;
    approximate ||= prefix.approximate;
  }
  const match = NUMBER.exec(rest);
  if (!match) return null;
  const [whole, sign, integerPart, fraction, bareFraction] = match;
  let number = canonicalNumber(sign !== undefined, integerPart ?? "0", fraction ?? bareFraction ?? "");
  let tail = rest.slice(whole.length);
  // `20年一遇`, `4A级`, `3星级`: the number is part of the name of a grade or class, not a quantity of anything.
  if (GRADE_WORD.test(tail)) return null;
  if (tail.startsWith("余") || tail.startsWith("多")) {
    approximate = true;
    tail = tail.slice(1);
  }

  let annotation: string | null = null;
  for (let changed = true; changed; ) {
    changed = false;
    const suffix = SUFFIXES.find((candidate) => tail.endsWith(candidate.text));
    if (suffix) {
      tail = tail.slice(0, -suffix.text.length);
      comparator ??= suffix.comparator;
      approximate ||= suffix.approximate;
      changed = true;
    }
    // A trailing `(%)` is the template's unit annotation, not part of the value.
    const annotated = /\(([^()]+)\)$/.exec(tail);
    if (annotated?.[1] !== undefined && normalizeUnit(annotated[1]) !== null && annotated.index > 0) {
      annotation = normalizeUnit(annotated[1]);
      tail = tail.slice(0, annotated.index);
      changed = true;
    }
  }
  // `≥4（批）次`: a measure word in brackets reads together with what follows it.
  tail = tail.replace(/^\(([^()]+)\)/, "$1");

  const slash = tail.indexOf("/");
  const unitText = slash === -1 ? tail : tail.slice(0, slash);
  const writtenRate = slash === -1 ? null : tail.slice(slash);
  if (writtenRate !== null && !RATE.test(writtenRate)) return null;
  const rate = leadingRate ? `/${leadingRate}${writtenRate ?? ""}` : writtenRate;
  if (/[\d(),;:、。!?]/.test(unitText)) return null;

  let unit: string | null = annotation;
  if (unitText !== "") {
    const resolved = resolveUnit(unitText);
    // An unknown "unit" this long is the rest of a sentence that happens to start with a number.
    if (!resolved && unitText.length > 4) return null;
    unit = resolved?.unit ?? unitText;
    if (resolved) number = shiftDecimal(number, resolved.shift);
  }
  return { comparator, number, unit, rate, approximate };
}

function findPrefix(rest: string): Affix | undefined {
  return PREFIXES.find((prefix) => rest.startsWith(prefix.text));
}

/** Exact decimal string: thousands commas and leading zeros dropped, the written decimals kept. */
function canonicalNumber(negative: boolean, integerPart: string, fraction: string): string {
  const integer = integerPart.replace(/,/g, "").replace(/^0+(?=\d)/, "");
  return `${negative ? "-" : ""}${integer}${fraction === "" ? "" : `.${fraction}`}`;
}

/** Multiply an exact decimal string by 10^places without going through a float. */
function shiftDecimal(number: string, places: number): string {
  if (places === 0) return number;
  const negative = number.startsWith("-");
  const [integer = "0", fraction = ""] = number.replace("-", "").split(".");
  const digits = integer + fraction.padEnd(places, "0");
  const point = integer.length + places;
  const shifted = `${digits.slice(0, point)}${point < digits.length ? `.${digits.slice(point)}` : ""}`;
  return canonicalNumber(negative, shifted.split(".")[0] ?? "0", shifted.split(".")[1] ?? "");
}

interface ResolvedUnit {
  readonly unit: string;
  readonly shift: number;
}

/** Known unit, magnitude-prefixed unit, or known unit followed by a short noun (`件事项`). */
function resolveUnit(written: string): ResolvedUnit | null {
  for (let length = written.length; length > 0; length -= 1) {
    const head = resolveExactUnit(written.slice(0, length));
    const noun = written.slice(length);
    // `人百分比` is two units run together, not 人 plus a noun: keep it whole for the validator.
    if (head && (noun === "" || (HAN_NOUN.test(noun) && !resolveExactUnit(noun)))) return head;
  }
  return null;
}

function resolveExactUnit(written: string): ResolvedUnit | null {
  const known = normalizeUnit(written);
  if (known) return { unit: known, shift: 0 };
  if (written === "亿元") return { unit: "万元", shift: 4 };
  if (written === "千元") return { unit: "元", shift: 3 };
  const magnitude = written.startsWith("万") ? 4 : written.startsWith("亿") ? 8 : 0;
  const base = magnitude === 0 ? null : normalizeUnit(written.slice(1));
  return base && base !== "元" && base !== "万元" ? { unit: base, shift: magnitude } : null;
}
