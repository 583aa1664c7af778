import type { Cell, LayoutDocument, Row } from "../../../schemas/layout.js";
import type { LayoutFamily } from "../../../schemas/project-record.js";
import type { DocumentContext, ProjectUnit, SegmentedDocument } from "../../../schemas/project-unit.js";
import { FIXTURE_PDFS, readFixtureBytes, testContext } from "../../../test/helpers.js";
import { normalizeDocument } from "../../normalize-text.js";
import { readPdf } from "../../read-pdf.js";
import { rebuildLayout } from "../../rebuild-layout.js";
import { segmentProjects } from "../../segment-projects.js";

// Test support: fixture PDFs run through read → normalize → layout → segment, and hand-made units.

/** The fixture PDFs by the names `test/helpers.ts` gives them. */
export type FixtureName = keyof typeof FIXTURE_PDFS;

const segmented = new Map<FixtureName, Promise<SegmentedDocument>>();

/** A fixture PDF segmented into project units, read once per test process. */
export function segmentFixture(name: FixtureName): Promise<SegmentedDocument> {
  let document = segmented.get(name);
  if (!document) {
    const context = testContext();
    const file = FIXTURE_PDFS[name];
    document = readPdf({ path: file, bytes: readFixtureBytes(file) }, context)
      .then((pdf) => normalizeDocument(pdf, context))
      .then((normalized) => rebuildLayout(normalized, context))
      .then((layout) => segmentProjects(layout, context));
    segmented.set(name, document);
  }
  return document;
}

/** A row of a hand-made unit: `[column, text]` pairs, or `[column, text, columnSpan]`. */
export type CellSpec = readonly [number, string] | readonly [number, string, number];

const COLUMN_WIDTH = 100;

/** Builds a row with cells at the given grid columns; boxes follow the columns so placement by box agrees. */
export function makeRow(cells: readonly CellSpec[], options: { page?: number; table?: number; y?: number } = {}): Row {
  const page = options.page ?? 1;
  const y = options.y ?? 0;
  const built: Cell[] = cells.map(([column, text, span = 1]) => ({
    text,
    page,
    box: { x: column * COLUMN_WIDTH, y, width: span * COLUMN_WIDTH, height: 20 },
    column,
    columnSpan: span,
    rowSpan: 1,
  }));
  return { page, table: options.table ?? 0, box: { x: 0, y, width: 800, height: 20 }, cells: built };
}

/** A unit of the given family from rows given as cell specs, all on page 1 unless a row says otherwise. */
export function makeUnit(family: LayoutFamily, rows: readonly (readonly CellSpec[] | Row)[], columns: string[] = []): ProjectUnit {
  const built = rows.map((row, index) => ("cells" in row ? row : makeRow(row, { y: index * 20 })));
  return { index: 0, kind: "project", family, pages: [...new Set(built.map((row) => row.page))], heading: null, columns, rows: built, contextRows: [], captions: [] };
}

/** A document context with nothing known but the family, for hand-made units. */
export function makeContext(family: LayoutFamily, department: string | null = null): DocumentContext {
  return {
    path: "hand-made.pdf", sha256: "0", pageCount: 1, family, title: null, region: null, year: null,
    department, implementingUnit: null, departmentTotal: null, moneyUnit: null, segmentationDoubts: [], overview: [],
  };
}

/** A row of a hand-made layout: its cells, its page, and whether it is a free line or a borderless one. */
export type RowSpec = { readonly cells: readonly CellSpec[]; readonly page?: number; readonly free?: boolean; readonly borderless?: boolean };

/** A layout document from row specs, y growing down each page, as the layout stage would give it. */
export function makeLayout(specs: readonly RowSpec[]): LayoutDocument {
  let y = 0;
  let page = 1;
  const rows: Row[] = specs.map((spec) => {
    if ((spec.page ?? 1) !== page) {
      page = spec.page ?? 1;
      y = 0;
    }
    y += 20;
    const row = makeRow(spec.cells, { page, y, table: spec.free ? undefined : 0 });
    if (spec.free) return { ...row, table: null, ...(spec.borderless ? { borderless: true } : {}) };
    return spec.borderless ? { ...row, borderless: true } : row;
  });
  return { path: "shapes.pdf", sha256: "0".repeat(64), pageCount: page, rows, pageSources: Array.from({ length: page }, () => "text-layer" as const) };
}
