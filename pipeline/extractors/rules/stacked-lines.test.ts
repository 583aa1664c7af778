import { describe, expect, it } from "vitest";
import type { Row } from "../../../schemas/layout.js";
import { extractFlattened } from "./flattened.js";
import { judgeReading } from "./judge-reading.js";
import { makeContext, makeRow, makeUnit } from "./test-units.js";

// A form copied from a web page with every cell a paragraph of its own: labels and values as `名称：值；…`
// lines, then the indicator table one cell a line, merged level names printed once. Invented text.
function lines(texts: readonly string[], page = 1): Row[] {
  return texts.map((text, index) => ({ ...makeRow([[0, text]], { page, table: undefined, y: 60 + index * 16 }), table: null, borderless: true }));
}

const FORM = ["项目名称：乡村道路养护补助；项目属性：经常性项目", "主管部门：某某县交通运输局；实施单位：某某县公路站", "资金总额（万元）：86.50；财政拨款：80.00；其他资金：6.50", "年度目标：完成农村公路日常养护", "420公里。"];

describe("a table whose every cell is a line of its own (stacked header)", () => {
  it("reads the cells in the header's order, carrying merged levels down, with a weight column", () => {
    const rows = lines([
      ...FORM,
      ...["一级指标", "二级指标", "三级指标", "指标值", "分值"],
      ...["产出指标", "数量指标", "日常养护里程", "≥420公里", "20", "桥梁检查座数", "36座", "10"],
      ...["质量指标", "路面技术状况优良率", "≥85%", "20"],
      ...["效益指标", "社会效益指标", "群众出行条件", "明显改善", "30"],
      ...["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "20"],
    ]);
    const { project, uncertainties } = extractFlattened(makeUnit("flattened", rows), makeContext("flattened"));
    expect(project.projectName).toBe("乡村道路养护补助");
    expect(project.projectAttribute).toBe("经常性项目");
    expect(project.totalAmount).toBe("86.50");
    expect(project.goals).toBe("完成农村公路日常养护420公里。");
    expect(project.indicators.map((indicator) => [indicator.level1, indicator.level2, indicator.level3, indicator.value, indicator.weight])).toEqual([
      ["产出指标", "数量指标", "日常养护里程", "≥420公里", "20"],
      ["产出指标", "数量指标", "桥梁检查座数", "36座", "10"],
      ["产出指标", "质量指标", "路面技术状况优良率", "≥85%", "20"],
      ["效益指标", "社会效益指标", "群众出行条件", "明显改善", "30"],
      ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "20"],
    ]);
    expect(uncertainties).toEqual([]);
  });

  it("joins a name wrapped onto a second line, and skips the header repeated on the next page", () => {
    const rows = [
      ...lines([...FORM, "一级指标", "二级指标", "三级指标", "指标值", "产出指标", "数量指标", "农村公路危桥改造及安全", "生命防护工程实施里程", "≥12公里"]),
      ...lines(["一级指标", "二级指标", "三级指标", "指标值", "时效指标", "养护任务完成时间", "2025年12月底前"], 2),
    ];
    const { project } = extractFlattened(makeUnit("flattened", rows), makeContext("flattened"));
    expect(project.indicators.map((indicator) => [indicator.level2, indicator.level3, indicator.value])).toEqual([
      ["数量指标", "农村公路危桥改造及安全生命防护工程实施里程", "≥12公里"],
      ["时效指标", "养护任务完成时间", "2025年12月底前"],
    ]);
  });

  it("keeps an indicator whose value is missing with the doubt, without shifting the next one's cells", () => {
    const rows = lines([...FORM, "一级指标", "二级指标", "三级指标", "指标值", "产出指标", "数量指标", "日常养护里程", "质量指标", "路面技术状况优良率", "≥85%"]);
    const { project, uncertainties } = extractFlattened(makeUnit("flattened", rows), makeContext("flattened"));
    expect(project.indicators.map((indicator) => [indicator.level2, indicator.level3, indicator.value])).toEqual([
      ["数量指标", "日常养护里程", ""],
      ["质量指标", "路面技术状况优良率", "≥85%"],
    ]);
    expect(uncertainties.join(" ")).toContain("日常养护里程");
  });

  it("doubts a reading that found no indicator in lines that name indicator levels", () => {
    // No header at all, so nothing places the cells: the judge must not call this reading sure.
    const rows = lines([...FORM, "产出指标", "数量指标", "日常养护里程", "≥420公里"]);
    const unit = makeUnit("flattened", rows);
    const { project } = extractFlattened(unit, makeContext("flattened"));
    expect(project.indicators).toEqual([]);
    const judgement = judgeReading(unit, project);
    expect(judgement.confidence).toBeLessThan(0.8);
    expect(judgement.doubts.join(" ")).toContain("no indicator was read");
  });
});

describe("where a stacked table ends and what 成本指标 is", () => {
  it("takes bare 成本指标 for a level 2 unless a level 2 follows it, and stops at the next section's heading", () => {
    const rows = lines([
      ...FORM,
      ...["一级指标", "二级指标", "三级指标", "指标值"],
      ...["产出指标", "数量指标", "日常养护里程", "≥420公里", "成本指标", "每公里养护成本", "≤2000元"],
      ...["成本指标", "经济成本指标", "养护资金总额", "≤86.5万元"],
      "二、农村客运站运营补贴项目绩效目标",
    ]);
    const { project } = extractFlattened(makeUnit("flattened", rows), makeContext("flattened"));
    expect(project.indicators.map((indicator) => [indicator.level1, indicator.level2, indicator.level3])).toEqual([
      ["产出指标", "数量指标", "日常养护里程"],
      ["产出指标", "成本指标", "每公里养护成本"],
      ["成本指标", "经济成本指标", "养护资金总额"],
    ]);
  });
});
