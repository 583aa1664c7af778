/**
 * CJK Radicals Supplement (U+2E80–U+2EFF) code points that PDF fonts emit in place of ordinary
 * ideographs. NFKC maps the Kangxi Radicals block (U+2F00–U+2FDF) but leaves this block alone, so
 * `⼈⺠政府` becomes `人⺠政府` after NFKC and needs this table to become `人民政府`.
 * Only radicals that are also the simplified or traditional form of a whole character are mapped;
 * pure component shapes (⺅, ⺉ …) never stand for a character in running text.
 */
export const CJK_RADICAL_TO_CHARACTER: Readonly<Record<string, string>> = {
  "⺁": "厂", "⺇": "几", "⺊": "卜", "⺌": "小", "⺍": "小", "⺐": "尢", "⺓": "幺", "⺕": "彐",
  "⺗": "心", "⺙": "攵", "⺛": "旡", "⺝": "月", "⺟": "母", "⺠": "民", "⺡": "氵", "⺢": "水",
  "⺣": "灬", "⺤": "爫", "⺥": "爫", "⺦": "丬", "⺧": "牛", "⺨": "犭", "⺩": "王", "⺪": "疋",
  "⺫": "罒", "⺬": "示", "⺭": "礻", "⺮": "竹", "⺯": "糸", "⺰": "纟", "⺲": "罒", "⺳": "网",
  "⺶": "羊", "⺷": "羊", "⺹": "耂", "⺺": "肀", "⺻": "聿", "⺼": "月", "⺽": "臼", "⺾": "艹",
  "⺿": "艹", "⻀": "艹", "⻁": "虎", "⻂": "衤", "⻃": "覀", "⻄": "西", "⻅": "见", "⻆": "角",
  "⻈": "讠", "⻉": "贝", "⻋": "车", "⻏": "阝", "⻐": "钅", "⻑": "長", "⻒": "镸", "⻓": "长",
  "⻔": "门", "⻖": "阝", "⻗": "雨", "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞",
  "⻝": "食", "⻟": "饣", "⻠": "饣", "⻡": "首", "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼",
  "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻫": "斉", "⻬": "齐", "⻭": "歯",
  "⻮": "齿", "⻯": "竜", "⻰": "龙", "⻱": "龜", "⻲": "亀", "⻳": "龟",
};

/**
 * Kangxi radicals whose NFKC form is the traditional character while simplified-Chinese fonts draw (and
 * pdf.js reports) them for the simplified one: Noto CJK SC's 户 comes out as ⼾ (U+2F3E), which NFKC turns
 * into 戶 (U+6236), not 户 (U+6237). Applied before NFKC.
 */
export const KANGXI_TO_SIMPLIFIED: Readonly<Record<string, string>> = { "⼾": "户" };
