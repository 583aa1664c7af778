import { escapeXml } from "./escape-xml.js";

/** A sheet as the workbook part lists it. */
export interface SheetEntry {
  readonly title: string;
  /** The header cells under a filter (`A1:N1`), or null. */
  readonly filterRange: string | null;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** Where the package keeps sheet `index` (0-based): Excel's own names, which some readers expect. */
export function worksheetPath(index: number): string {
  return `xl/worksheets/sheet${index + 1}.xml`;
}

/** `[Content_Types].xml`: the type of every part; a part missing here is a part Excel does not read. */
export function contentTypesXml(sheetCount: number): string {
  const sheets = Array.from({ length: sheetCount }, (_, index) => `<Override PartName="/${worksheetPath(index)}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`);
  return (
    XML_DECLARATION +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    sheets.join("") +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    "</Types>"
  );
}

/** `_rels/.rels`: where the workbook and the document properties are. */
export const ROOT_RELATIONSHIPS_XML =
  XML_DECLARATION +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  `<Relationship Id="rId1" Type="${RELATIONSHIP}/officeDocument" Target="xl/workbook.xml"/>` +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  "</Relationships>";

/** `docProps/core.xml`: who wrote the workbook and when (W3CDTF, whole seconds in UTC as Excel writes it). */
export function corePropertiesXml(creator: string, writtenAt: Date): string {
  const time = writtenAt.toISOString().replace(/\.\d{3}Z$/, "Z");
  return (
    XML_DECLARATION +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:creator>${escapeXml(creator)}</dc:creator>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${time}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${time}</dcterms:modified>` +
    "</cp:coreProperties>"
  );
}

/**
 * `xl/workbook.xml`: the sheets in tab order, each with the relationship `rId<n>` of `workbookRelationshipsXml`;
 * a filtered sheet also gets the hidden name `_xlnm._FilterDatabase` Excel itself keeps for the filter's range.
 */
export function workbookXml(sheets: readonly SheetEntry[]): string {
  const entries = sheets.map((sheet, index) => `<sheet name="${escapeXml(sheet.title)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`);
  const filters = sheets.flatMap((sheet, index) => {
    if (sheet.filterRange === null) return [];
    const [from, to] = sheet.filterRange.split(":").map((cell) => cell.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2"));
    return [`<definedName name="_xlnm._FilterDatabase" localSheetId="${index}" hidden="1">${escapeXml(`'${sheet.title.replace(/'/g, "''")}'!${from}:${to}`)}</definedName>`];
  });
  return (
    XML_DECLARATION +
    `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${RELATIONSHIP}">` +
    '<bookViews><workbookView activeTab="0"/></bookViews>' +
    `<sheets>${entries.join("")}</sheets>` +
    (filters.length > 0 ? `<definedNames>${filters.join("")}</definedNames>` : "") +
    "</workbook>"
  );
}

/** `xl/_rels/workbook.xml.rels`: sheet n is `rId<n>` (targets relative to `xl/`), the styles come after the sheets. */
export function workbookRelationshipsXml(sheetCount: number): string {
  const sheets = Array.from({ length: sheetCount }, (_, index) => `<Relationship Id="rId${index + 1}" Type="${RELATIONSHIP}/worksheet" Target="${worksheetPath(index).replace(/^xl\//, "")}"/>`);
  return (
    XML_DECLARATION +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    sheets.join("") +
    `<Relationship Id="rId${sheetCount + 1}" Type="${RELATIONSHIP}/styles" Target="styles.xml"/>` +
    "</Relationships>"
  );
}
