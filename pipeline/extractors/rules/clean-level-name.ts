/**
 * A level-1 or level-2 name as the record keeps it: as written, annotation included
 * (`数量指标 (必填硬性指标)`), without list numbering (`一、`, `(一)`) or a trailing colon.
 */
export function cleanLevelName(text: string | null): string | null {
  if (text === null) return null;
  return text
    .trim()
    .replace(/^(?:[(（]\s*[一二三四五六七八九十]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．])\s*/, "")
    .replace(/\s*[:：]$/, "");
}
