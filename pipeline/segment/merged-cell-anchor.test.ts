import { describe, expect, it } from "vitest";
import { testContext } from "../../test/helpers.js";
import { extractWithRules } from "../extractors/rules/extract-with-rules.js";
import { makeLayout, type RowSpec } from "../extractors/rules/test-units.js";
import { segmentProjects } from "../segment-projects.js";

// A scan that lost the inner borders of a short row gives one cell for `code | 项目名称 | name` (issue 13):
// the label found inside the merged cell's text must still start the form and still name the project.
const INDICATOR_ROWS: RowSpec[] = [
  { cells: [[0, "一级指标"], [1, "二级指标"], [2, "三级指标"], [3, "绩效指标描述"], [4, "指标值"], [5, "指标值确定依据"]] },
  { cells: [[0, "产出指标"], [1, "数量指标"], [2, "网络故障率"], [3, "网络故障发生率"], [4, "≤10百分比"], [5, "请示"]] },
];

async function readForm(subjectRow: RowSpec) {
  const layout = makeLayout([
    { cells: [[0, "434001顺平县人民政府办公室(本级)"], [1, "单位:元"]] },
    subjectRow,
    { cells: [[0, "预算规模及资金用途"], [1, "预算数"], [2, "195000.00"], [3, "其中:财政资金"], [4, "195000.00"], [5, "其他资金"], [6, "0"]] },
    { cells: [[0, "绩效目标"], [1, "实现WIFI全覆盖"]] },
    ...INDICATOR_ROWS,
  ]);
  const segmented = await segmentProjects(layout, testContext());
  const results = await Promise.all(segmented.units.map((unit) => extractWithRules(unit, segmented.context)));
  return { segmented, results };
}

describe("a key inside a merged cell's text still anchors the form", () => {
  it("finds the project when 项目名称 sits between the code and the name in one cell", async () => {
    const { segmented, results } = await readForm({ cells: [[0, "项目编码"], [1, "130636216T39PTY2WF094 项目名称 县委县政府办公区网络改造项目经费"]] });
    expect(segmented.units).toHaveLength(1);
    expect(results[0]!.project).toMatchObject({ projectName: "县委县政府办公区网络改造项目经费", projectCode: "130636216T39PTY2WF094", totalAmount: "195000.00" });
    expect(results[0]!.project.indicators).toHaveLength(1);
  });

  it("reads the same fields when the whole row, labels included, merged into one cell", async () => {
    const { segmented, results } = await readForm({ cells: [[0, "项目编码 130636216T39PTY2WF094 项目名称 县委县政府办公区网络改造项目经费"]] });
    expect(segmented.units).toHaveLength(1);
    expect(results[0]!.project).toMatchObject({ projectName: "县委县政府办公区网络改造项目经费", projectCode: "130636216T39PTY2WF094" });
  });

  it("reads the row as before when its borders are intact", async () => {
    const { results } = await readForm({ cells: [[0, "项目编码"], [1, "130636216T39PTY2WF094"], [2, "项目名称"], [3, "县委县政府办公区网络改造项目经费"]] });
    expect(results[0]!.project).toMatchObject({ projectName: "县委县政府办公区网络改造项目经费", projectCode: "130636216T39PTY2WF094" });
  });
});
