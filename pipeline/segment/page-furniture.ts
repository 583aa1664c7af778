import type { Row } from "../../schemas/layout.js";
import { compact } from "../domain/cell-text.js";
import { rowText } from "./unit-draft.js";

// A printed page number (`— 7 —`, `- 12 -`, `第3页`, `3/12`) or a form's title line repeated at the top of a page.
const PAGE_NUMBER = /^([—–\-－]*\d{1,4}[—–\-－]*|第\d{1,4}页(共\d{1,4}页)?|\d{1,4}\/\d{1,4})$/u;
const TITLE = /(绩效目标(表|申报表|公开表)|绩效目标表|申报表|公开表)[)）]?$|^[(（]?(19|20)\d\d年度?[)）]?$/u;

/** A line that is no part of any form: a page number, or a title printed above each form. */
export function isPageFurniture(row: Row): boolean {
  const text = compact(rowText(row));
  return text === "" || PAGE_NUMBER.test(text) || (text.length <= 40 && TITLE.test(text));
}
