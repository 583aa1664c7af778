import { describe, expect, it } from "vitest";
import { READING_DOUBT_CODES } from "../../schemas/flag-codes.js";
import { documentContext, projectRecord, raisedBy, scopeOf } from "./test-records.js";

describe("layout_grid_mismatch", () => {
  const context = documentContext({ pageCount: 4, pageDoubts: [{ page: 3, reason: "the table on page 3 has no column border at x ≈ 210 pt" }] });

  it("flags a record read from a page whose grid the layout stage doubts, with the page's reason", () => {
    const record = projectRecord({ name: "县委县政府办公区网络改造项目经费", pages: [2, 3] });
    const flags = raisedBy("layout_grid_mismatch", scopeOf([record], { context }), record);
    expect(flags).toEqual([expect.objectContaining({ code: "layout_grid_mismatch", severity: "warning", message: expect.stringContaining("x ≈ 210 pt") })]);
  });

  it("leaves the records of the other pages alone", () => {
    const record = projectRecord({ name: "政府大型公务活动项目经费", pages: [1, 2] });
    expect(raisedBy("layout_grid_mismatch", scopeOf([record], { context }), record)).toEqual([]);
    expect(raisedBy("layout_grid_mismatch", scopeOf([record]), record)).toEqual([]);
  });

  it("is a doubt about the reading, which the eval does not score as a finding about the document", () => {
    expect(READING_DOUBT_CODES).toContain("layout_grid_mismatch");
  });
});
