/**
 * Text as SpreadsheetML holds it. Cell text comes from PDFs and is untrusted: besides the characters XML gives
 * meaning to, it can carry characters XML 1.0 cannot hold at all (a form feed from a converter, a NUL, a lone
 * surrogate from a broken font map), which make Excel "repair" the file or refuse it. Those are written the
 * way Excel writes them, as the ST_Xstring escape `_xHHHH_` of ECMA-376 Part 1, which Excel and LibreOffice
 * turn back into the character (exceljs and openpyxl hand an inline string's escapes over as they are); and an
 * `_xHHHH_` already in the text gets its underscore escaped (`_x005F_xHHHH_`) so it reads back as written
 * instead of as the character it names.
 */

/** What needs escaping, in one pass over UTF-16 code units (no `u` flag, so lone surrogates match). */
const NEEDS_ESCAPE =
  // eslint-disable-next-line no-control-regex
  /[&<>"\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|_(?=x[0-9A-Fa-f]{4}_)/g;

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/**
 * `text` escaped for an XML element's content or a double-quoted attribute value, with every character
 * XML 1.0 forbids as `_xHHHH_` and a literal `_xHHHH_` kept literal. A CR becomes `&#13;`: a parser would
 * otherwise read it as LF (XML normalizes line ends), and a character reference keeps it for every reader.
 */
export function escapeXml(text: string): string {
  return text.replace(NEEDS_ESCAPE, (match) => {
    const entity = ENTITIES[match];
    if (entity !== undefined) return entity;
    if (match === "\r") return "&#13;";
    if (match === "_") return "_x005F_";
    return `_x${match.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`;
  });
}

/**
 * Whether a `<t>` needs `xml:space="preserve"`: without it a reader may trim leading and trailing spaces and
 * collapse runs of spaces, tabs and line breaks, as Excel does with text it did not write itself.
 */
export function needsSpacePreserved(text: string): boolean {
  return /^\s|\s$|[\t\n\r]| {2}/.test(text);
}
