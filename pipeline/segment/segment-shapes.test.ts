import { describe, expect, it } from "vitest";
import { testContext } from "../../test/helpers.js";
import { extractWithRules } from "../extractors/rules/extract-with-rules.js";
import { makeLayout, type CellSpec } from "../extractors/rules/test-units.js";
import { segmentProjects } from "../segment-projects.js";

// Segmentation of the layouts beyond the seeds, on hand-made layouts: what the layout stage gives for them.

const HEADER: CellSpec[] = [
  [0, "单位名称"], [1, "项目名称"], [2, "预算数"], [3, "年度目标"], [4, "一级指标"], [5, "二级指标"], [6, "三级指标"],
  [7, "指标性质"], [8, "指标值"], [9, "度量单位"], [10, "权重"], [11, "指标方向性"],
];

describe("a table with a row per indicator and the project's cells merged down", () => {
  const layout = makeLayout([
    { cells: [[0, "某某县2024年项目支出绩效目标表"]], free: true },
    { cells: [[0, "434001某某县水利局本级        单位：元"]], free: true },
    { cells: HEADER },
    { cells: [[0, "434001"], [1, "某某县水利局"], [2, "2350000.00"]] },
    { cells: [[0, "某某县水利局本级"], [1, "农村饮水安全维修养护"], [2, "1500000.00"], [3, "维修养护农村供水工程"], [4, "产出指标"], [5, "数量指标"], [6, "维修供水工程"], [7, "≥"], [8, "25"], [9, "处"], [10, "30"], [11, "正向指标"]] },
    { cells: [[5, "质量指标"], [6, "工程验收合格率"], [7, "＝"], [8, "100"], [9, "%"], [10, "30"], [11, "正向指标"]] },
    { cells: [[4, "满意度指标"], [5, "服务对象满意度指标"], [6, "受益群众满意度"], [7, "≥"], [8, "90"], [9, "%"], [10, "40"], [11, "正向指标"]] },
    { cells: HEADER, page: 2 },
    { cells: [[0, "某某县水利局本级"], [1, "河道保洁"], [2, "850000.00"], [3, "保持河道整洁"], [4, "产出指标"], [5, "数量指标"], [6, "保洁河道长度"], [7, "≥"], [8, "120"], [9, "公里"], [10, "50"], [11, "正向指标"]], page: 2 },
    { cells: [[4, "效益指标"], [5, "生态效益指标"], [6, "河道水质"], [7, "定性"], [8, "明显改善"], [10, "50"], [11, "正向指标"]], page: 2 },
  ]);

  it("makes one unit per project, not one for the header, and keeps the caption and department row as context", async () => {
    const { context, units } = await segmentProjects(layout, testContext());
    expect(units.map((unit) => [unit.family, unit.rows.length, unit.pages])).toEqual([
      ["indicator-table", 3, [1]],
      ["indicator-table", 2, [2]],
    ]);
    expect(units[0]!.captions.map((row) => row.cells[0]!.text)).toEqual(["434001某某县水利局本级        单位：元"]);
    expect(context.department).toBe("434001 某某县水利局");
    expect(context.departmentTotal).toEqual({ raw: "2350000.00", unit: "元", page: 1 });
    expect(context.segmentationDoubts).toEqual([]);
  });

  it("reads every value from its own column: comparator, number and unit joined only in the record", async () => {
    const segmented = await segmentProjects(layout, testContext());
    const first = extractWithRules(segmented.units[0]!, segmented.context);
    expect(first.uncertainties).toEqual([]);
    expect(first.project).toMatchObject({
      projectName: "农村饮水安全维修养护",
      implementingUnit: "某某县水利局本级",
      moneyUnit: "元",
      totalAmount: "1500000.00",
      goals: "维修养护农村供水工程",
    });
    expect(first.project.indicators.map((indicator) => [indicator.level1, indicator.level2, indicator.level3, indicator.valueComparator, indicator.value, indicator.valueUnit, indicator.weight])).toEqual([
      ["产出指标", "数量指标", "维修供水工程", "≥", "25", "处", "30"],
      ["产出指标", "质量指标", "工程验收合格率", "＝", "100", "%", "30"],
      ["满意度指标", "服务对象满意度指标", "受益群众满意度", "≥", "90", "%", "40"],
    ]);
    const second = extractWithRules(segmented.units[1]!, segmented.context);
    expect(second.project.indicators[1]).toMatchObject({ value: "明显改善", valueComparator: null, nature: "定性", level1: "效益指标" });
  });
});

describe("a row list", () => {
  it("still reads one unit per project row, with the header and department rows as context", async () => {
    const layout = makeLayout([
      { cells: [[0, "单位编码"], [1, "单位及项目名称"], [2, "金额（万元）"], [3, "绩效目标"], [4, "绩效指标"]] },
      { cells: [[0, "201"], [1, "某某镇人民政府"], [2, "12.00"]] },
      { cells: [[0, "1"], [1, "环境整治经费"], [2, "12.00"], [3, "整治村庄环境"], [4, "一、产出指标 (一)数量指标: 1.整治村庄 ≥8个"]] },
    ]);
    const { context, units } = await segmentProjects(layout, testContext());
    expect(units).toHaveLength(1);
    expect(units[0]!.family).toBe("row-list");
    expect(context.departmentTotal).toEqual({ raw: "12.00", unit: "万元", page: 1 });
  });
});

describe("forms whose borders were lost", () => {
  it("reads label lines and indicator lines run together", async () => {
    const layout = makeLayout([
      { cells: [[0, "项目名称：乡村道路养护 主管部门：某某县交通运输局"]], free: true, borderless: true },
      { cells: [[0, "年度资金总额：48.00万元 其中：财政拨款：48.00万元"]], free: true, borderless: true },
      { cells: [[0, "年度总体目标：完成全县农村公路日常养护，"]], free: true, borderless: true },
      { cells: [[0, "确保道路安全畅通。"]], free: true, borderless: true },
      { cells: [[0, "一级指标 二级指标 三级指标 指标值"]], free: true, borderless: true },
      { cells: [[0, "产出指标 数量指标 日常养护里程 ≥320公里"]], free: true, borderless: true },
      { cells: [[0, "质量指标 路面优良率 ≥85%"]], free: true, borderless: true },
      { cells: [[0, "满意度指标 服务对象满意度指标 沿线群众满意度 ≥ 90%"]], free: true, borderless: true },
    ]);
    const segmented = await segmentProjects(layout, testContext());
    expect(segmented.units.map((unit) => unit.family)).toEqual(["flattened"]);
    const { project, uncertainties } = extractWithRules(segmented.units[0]!, segmented.context);
    expect(uncertainties).toEqual([]);
    expect(project).toMatchObject({
      projectName: "乡村道路养护",
      department: "某某县交通运输局",
      totalAmount: "48.00",
      fiscalAmount: "48.00",
      moneyUnit: "万元",
      goals: "完成全县农村公路日常养护，确保道路安全畅通。",
    });
    expect(project.indicators.map((indicator) => [indicator.level1, indicator.level2, indicator.level3, indicator.value])).toEqual([
      ["产出指标", "数量指标", "日常养护里程", "≥320公里"],
      ["产出指标", "质量指标", "路面优良率", "≥85%"],
      ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥ 90%"],
    ]);
  });
});

describe("what the readers cannot take", () => {
  it("reports table rows no unit holds, which may hide projects", async () => {
    const layout = makeLayout([
      { cells: [[0, "一级指标"], [1, "二级指标"], [2, "三级指标"], [3, "指标值"]] },
      { cells: [[0, "产出指标"], [1, "数量指标"], [2, "培训人次"], [3, "≥40人次"]] },
      { cells: [[0, "说明"]], free: true },
      { cells: [[0, "项目名称"], [1, "档案整理"]] },
      { cells: [[0, "一级指标"], [1, "二级指标"], [2, "三级指标"], [3, "指标值"]] },
      { cells: [[0, "产出指标"], [1, "数量指标"], [2, "整理卷数"], [3, "≥800卷"]] },
    ]);
    const segmented = await segmentProjects(layout, testContext());
    expect(segmented.units).toHaveLength(1);
    expect(segmented.context.segmentationDoubts).toEqual([expect.stringMatching(/^1 table row on page 1 belongs to no project \(first: "产出指标 数量指标 培训人次 ≥40人次"\)/)]);
  });

  it("fails a self-evaluation table with a typed error naming what it is", async () => {
    const layout = makeLayout([
      { cells: [[0, "一级指标"], [1, "二级指标"], [2, "三级指标"], [3, "年度指标值"], [4, "实际完成值"], [5, "分值"], [6, "得分"]] },
      { cells: [[0, "产出指标"], [1, "数量指标"], [2, "培训人次"], [3, "≥40人次"], [4, "45人次"], [5, "10"], [6, "10"]] },
    ]);
    await expect(segmentProjects(layout, testContext())).rejects.toMatchObject({ code: "not_a_target_table", message: expect.stringContaining("self-evaluation") });
  });
});
