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

  it("reads a 单位名称 line before any project as a unit-overall form, and one inside a project's lines as its unit", async () => {
    const line = (text: string, page = 1) => ({ cells: [[0, text]] as CellSpec[], free: true, borderless: true, page });
    const layout = makeLayout([
      line("单位名称：某某县气象局"),
      line("本年预算数：210.00万元"),
      line("一级指标 二级指标 三级指标 指标值"),
      line("产出指标 数量指标 发布预警信息 ≥300条"),
      line("项目名称：人工增雨作业 单位名称：某某县气象局", 2),
      line("项目金额：30.00万元", 2),
      line("一级指标 二级指标 三级指标 指标值", 2),
      line("产出指标 数量指标 作业次数 ≥12次", 2),
    ]);
    const segmented = await segmentProjects(layout, testContext());
    expect(segmented.units.map((unit) => [unit.kind, unit.family])).toEqual([
      ["department", "flattened"],
      ["project", "flattened"],
    ]);
    const unitForm = extractWithRules(segmented.units[0]!, segmented.context).project;
    expect(unitForm).toMatchObject({ projectName: "某某县气象局", implementingUnit: null, totalAmount: "210.00" });
    const projectForm = extractWithRules(segmented.units[1]!, segmented.context).project;
    expect(projectForm).toMatchObject({ projectName: "人工增雨作业", implementingUnit: "某某县气象局", totalAmount: "30.00" });
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

describe("label families beyond 项目名称 (own wording, not a fixture's)", () => {
  const INDICATOR_HEADER: CellSpec[] = [[0, "一级指标"], [1, "二级指标"], [2, "三级指标"], [3, "指标值"]];
  const INDICATOR_ROWS: RowSpecLike[] = [
    { cells: [[0, "产出指标"], [1, "数量指标"], [2, "巡查河段"], [3, "≥40公里"]] },
    { cells: [[0, "满意度指标"], [1, "服务对象满意度指标"], [2, "沿河群众满意度"], [3, "≥92%"]] },
  ];

  it("opens a row-per-indicator table at a 项目全称 column and takes a 合计 row for the total, never the department", async () => {
    const layout = makeLayout([
      { cells: [[0, "某某县水务局2026年项目支出绩效目标表"]], free: true },
      { cells: [[0, "编制单位：某某县水务局      金额单位：元"]], free: true },
      { cells: [[0, "项 目 全 称"], [1, "本年预算数（元）"], [2, "一级指标"], [3, "二级指标"], [4, "指标内容"], [5, "指标值（含计量单位）"]] },
      { cells: [[0, "合 计"], [1, "500000.00"]] },
      { cells: [[0, "河道巡查保洁经费"], [1, "500000.00"], [2, "产出指标"], [3, "数量指标"], [4, "巡查河段"], [5, "≥40公里"]] },
      { cells: [[0, "河道巡查保洁经费"], [1, "500000.00"], [2, "满意度指标"], [3, "服务对象满意度指标"], [4, "沿河群众满意度"], [5, "≥92%"]] },
    ]);
    const segmented = await segmentProjects(layout, testContext());
    expect(segmented.units).toHaveLength(1);
    expect(segmented.context.department).toBeNull();
    expect(segmented.context.departmentTotal).toEqual({ raw: "500000.00", unit: "元", page: 1 });
    const { project } = extractWithRules(segmented.units[0]!, segmented.context);
    expect(project).toMatchObject({ projectName: "河道巡查保洁经费", department: "某某县水务局", implementingUnit: null, totalAmount: "500000.00" });
    expect(project.indicators).toHaveLength(2);
  });

  it("reads a 申报表 keyed form whose name is 项目全称 and whose total is 申报金额, doubting a split by level of government", async () => {
    const layout = makeLayout([
      { cells: [[0, "项目全称"], [1, "乡村道路养护补助"]] },
      { cells: [[0, "主管部门"], [1, "某某县交通运输局"], [2, "实施单位"], [3, "某某县公路站"]] },
      { cells: [[0, "申报金额(万元)"], [1, "80.00"], [2, "其中:省级补助资金"], [3, "60.00"], [4, "地方配套资金"], [5, "20.00"]] },
      { cells: [[0, "年度绩效目标"], [1, "养护农村公路，保持路况良好。"]] },
      { cells: INDICATOR_HEADER },
      ...INDICATOR_ROWS,
    ]);
    const segmented = await segmentProjects(layout, testContext());
    expect(segmented.units.map((unit) => unit.kind)).toEqual(["project"]);
    const { project, uncertainties } = extractWithRules(segmented.units[0]!, segmented.context);
    expect(project).toMatchObject({ projectName: "乡村道路养护补助", totalAmount: "80.00", fiscalAmount: "60.00", otherAmount: "20.00", moneyUnit: "万元" });
    expect(uncertainties).toEqual(expect.arrayContaining([expect.stringContaining("level of government")]));
  });

  it("reads a unit-overall form under 单位名称 as a department unit, and 单位名称 inside a project form as its unit", async () => {
    const layout = makeLayout([
      { cells: [[0, "单位整体支出绩效目标表"]], free: true },
      { cells: [[0, "单位名称"], [1, "某某县档案馆"]] },
      { cells: [[0, "本年预算数(万元)"], [1, "320.00"], [2, "其中:财政拨款"], [3, "300.00"], [4, "其他资金"], [5, "20.00"]] },
      { cells: [[0, "单位整体绩效目标"], [1, "做好档案收集、保管和利用。"]] },
      { cells: INDICATOR_HEADER },
      ...INDICATOR_ROWS,
      { cells: [[0, "项目支出绩效目标表"]], free: true, page: 2 },
      { cells: [[0, "项目名称"], [1, "档案数字化加工"]], page: 2 },
      { cells: [[0, "单位名称"], [1, "某某县档案馆"]], page: 2 },
      { cells: [[0, "项目资金(万元)"], [1, "45.00"]], page: 2 },
      { cells: INDICATOR_HEADER, page: 2 },
      ...INDICATOR_ROWS.map((row) => ({ ...row, page: 2 })),
    ]);
    const segmented = await segmentProjects(layout, testContext());
    expect(segmented.units.map((unit) => unit.kind)).toEqual(["department", "project"]);
    const unitForm = extractWithRules(segmented.units[0]!, segmented.context).project;
    expect(unitForm).toMatchObject({ kind: "department", projectName: "某某县档案馆", department: null, implementingUnit: null, totalAmount: "320.00", goals: "做好档案收集、保管和利用。" });
    expect(unitForm.indicators).toHaveLength(2);
    const projectForm = extractWithRules(segmented.units[1]!, segmented.context).project;
    expect(projectForm).toMatchObject({ projectName: "档案数字化加工", implementingUnit: "某某县档案馆", totalAmount: "45.00" });
  });
});

type RowSpecLike = { readonly cells: readonly CellSpec[]; readonly page?: number };
