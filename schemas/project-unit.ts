import { z } from "zod";
import { PageDoubtSchema, RowSchema } from "./layout.js";
import { LayoutFamilySchema } from "./project-record.js";
import { MoneyUnitSchema, UnitKindSchema } from "./extracted-project.js";

/** What the whole document says about itself, shared by all its project units. */
export const DocumentContextSchema = z.object({
  path: z.string(),
  sha256: z.string(),
  pageCount: z.number().int().nonnegative(),
  family: LayoutFamilySchema,
  title: z.string().nullable(),
  region: z.string().nullable(),
  year: z.number().int().nullable(),
  /** Department named by a header row (row-list) or the overview, with its code where given. */
  department: z.string().nullable(),
  /** The implementing unit named by a header row (row-list: the second-level unit row), with its code. */
  implementingUnit: z.string().nullable(),
  departmentTotal: z.object({ raw: z.string(), unit: MoneyUnitSchema, page: z.number().int().positive() }).nullable(),
  /** A money unit the document states once for all its tables (`金额单位：万元` under the title). */
  moneyUnit: MoneyUnitSchema.nullable(),
  /**
   * Why segmentation doubts its result for the document as a whole (no unit found; table rows no unit holds):
   * `auto` then hands the document's pages to the model; `rules` keeps the doubt on the records for review.
   */
  segmentationDoubts: z.array(z.string()),
  /** Pages the layout stage doubts (`LayoutDocument.pageDoubts`): the records read from them carry the doubt. */
  pageDoubts: z.array(PageDoubtSchema).optional(),
  /** Free-text paragraphs before the first project (the department overview, with per-project amounts). */
  overview: z.array(z.object({ text: z.string(), page: z.number().int().positive() })),
});
export type DocumentContext = z.infer<typeof DocumentContextSchema>;

/**
 * One project's (or department's) part of the document — its form (grid, vertical, department), its row
 * (row-list), its run of rows (indicator-table) or its lines (flattened) — with the rows that make it up.
 */
export const ProjectUnitSchema = z.object({
  index: z.number().int().nonnegative(),
  /** A project, or a department-overall form whose subject is the department. */
  kind: UnitKindSchema,
  family: LayoutFamilySchema,
  pages: z.array(z.number().int().positive()),
  /** A title line just above the table, e.g. `2.政府大型公务活动项目经费绩效目标表`. */
  heading: z.string().nullable(),
  /** Column names of the table the unit sits in, where a header row names them (row-list). */
  columns: z.array(z.string()),
  rows: z.array(RowSchema),
  /**
   * Rows outside the unit that it depends on (a row list's header and department rows): shown to the model,
   * searched for evidence, never parsed as the project's own rows.
   */
  contextRows: z.array(RowSchema),
  /**
   * Lines outside the table that belong to it: the unit name and money unit printed above it
   * (`434001某某单位本级   单位：元`, `金额单位：万元`). Read for those fields, searched for evidence.
   */
  captions: z.array(RowSchema),
});
export type ProjectUnit = z.infer<typeof ProjectUnitSchema>;

export const SegmentedDocumentSchema = z.object({
  context: DocumentContextSchema,
  units: z.array(ProjectUnitSchema),
  /** Every row of the document in reading order: what the model reads when the whole document goes to it. */
  rows: z.array(RowSchema),
});
export type SegmentedDocument = z.infer<typeof SegmentedDocumentSchema>;
