import { describe, expect, it } from "vitest";
import { readCaptions } from "./read-captions.js";
import { makeRow } from "./test-units.js";

// Invented caption lines, as a free line above a table.
const caption = (text: string) => ({ ...makeRow([[0, text]]), table: null });

describe("readCaptions", () => {
  it.each([
    ["填报部门：汀州县水利局", "汀州县水利局"],
    ["主管部门（单位）：汀州县水利局      单位：万元", "汀州县水利局"],
    ["预算部门:汀州县水利局", "汀州县水利局"],
    ["部门名称：汀州县水利局   金额单位：元", "汀州县水利局"],
    ["填报部门（盖章）：汀州县水利局    填报日期：2024年3月1日", "汀州县水利局"],
  ])("takes %s for the department, not the unit", (text, department) => {
    expect(readCaptions([caption(text)])).toMatchObject({ department, unitName: null });
  });

  it("takes a 单位 label, or a line with a code, for the unit", () => {
    expect(readCaptions([caption("编制单位（盖章）：汀州县河道所   金额单位：万元")])).toMatchObject({ department: null, unitName: "汀州县河道所", moneyUnit: "万元" });
    expect(readCaptions([caption("434001汀州县水利局本级   单位：元")])).toMatchObject({ department: null, unitName: "434001汀州县水利局本级", moneyUnit: "元" });
  });
});
