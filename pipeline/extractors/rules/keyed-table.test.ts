import { describe, expect, it } from "vitest";
import { extractKeyedTable } from "./keyed-table.js";
import { makeContext, makeUnit, type CellSpec } from "./test-units.js";

const INDICATORS: CellSpec[][] = [
  [[0, "名称"], [1, "一级指标"], [2, "二级指标"], [3, "三级指标"], [4, "指标值"]],
  [[0, "绩效指标"], [1, "产出指标"], [2, "数量指标(必填)"], [3, "培训人次"], [4, "≥300人次"]],
  [[1, "满意度指标"], [2, "服务对象满意度指标(必填)"], [3, "学员满意度"], [4, "≥90%"]],
];

function gridUnit(keyRows: CellSpec[][], indicatorRows: CellSpec[][] = INDICATORS) {
  return makeUnit("grid", [...keyRows, ...indicatorRows]);
}

const GRID_KEYS: CellSpec[][] = [
  [[0, "项目名称"], [1, "干部培训经费"]],
  [[0, "主管部门及代码"], [1, "【101】某县人民政府办公室"], [2, "实施单位"], [4, "【101001】某县人民政府办公室本级"]],
  [[0, "项目属性"], [1, "01-一次性项目"], [2, "项目期"], [4, "2022-2022"]],
  [[0, "项目资金(元)"], [1, "年度资金总额:"], [3, "195000.00"]],
  [[1, "其中:财政拨款"], [3, "195000.00"]],
  [[1, "其他资金"], [3, "0"]],
  [[0, "年度总体目标"], [1, "1.完成培训\n2.提升能力"]],
];

describe("extractKeyedTable", () => {
  it("reads the key/value rows by their labels and copies every value as written", () => {
    const { project, uncertainties } = extractKeyedTable(gridUnit(GRID_KEYS), makeContext("grid"));
    expect(project).toMatchObject({
      projectName: "干部培训经费",
      projectCode: null,
      projectAttribute: "01-一次性项目",
      projectPeriod: "2022-2022",
      department: "【101】某县人民政府办公室",
      implementingUnit: "【101001】某县人民政府办公室本级",
      moneyUnit: "元",
      totalAmount: "195000.00",
      fiscalAmount: "195000.00",
      otherAmount: "0",
      goals: "1.完成培训\n2.提升能力",
      fundUse: null,
      spendingSchedule: null,
    });
    expect(project.indicators).toHaveLength(2);
    expect(uncertainties).toEqual([]);
  });

  it("reports a money cell that is not a plain number, and amounts without a money unit", () => {
    const keys = GRID_KEYS.map((row) => (row[0]?.[1] === "项目资金(元)" ? [[0, "项目资金"], [1, "年度资金总额:"], [3, "19.5万"]] as CellSpec[] : row));
    const { project, uncertainties } = extractKeyedTable(gridUnit(keys), makeContext("grid"));
    expect(project.totalAmount).toBe("19.5万");
    expect(uncertainties).toEqual([
      'The amount "19.5万" is not a plain number.',
      "The form states amounts but no money unit (万元 or 元).",
    ]);
  });

  it("reports a table with no indicator header instead of guessing its indicators", () => {
    const { project, uncertainties } = extractKeyedTable(gridUnit(GRID_KEYS, [[[1, "产出指标"], [2, "数量指标"], [3, "培训人次"], [4, "300人次"]]]), makeContext("grid"));
    expect(project.indicators).toEqual([]);
    expect(uncertainties).toEqual([expect.stringContaining("no indicator header row")]);
  });

  it("reports an indicator header without a 指标值 column", () => {
    const header: CellSpec[] = [[1, "一级指标"], [2, "二级指标"], [3, "三级指标"]];
    const { uncertainties } = extractKeyedTable(gridUnit(GRID_KEYS, [header, [[1, "产出指标"], [2, "数量指标"], [3, "培训人次"]]]), makeContext("grid"));
    expect(uncertainties).toEqual([expect.stringContaining("has no 指标值 column")]);
  });

  it("reads the vertical family: issuing unit above the keys, 单位:元, fund use in the row below, schedule by column", () => {
    const unit = makeUnit("vertical", [
      [[0, "434001顺平县人民政府办公室(本级)"], [1, "单位:元", 6]],
      [[0, "项目编码"], [1, "130636216T39PTY2WF094"], [2, "项目名称"], [3, "县委县政府办公区网络改造项目经费", 4]],
      [[0, "预算规模及资金用途"], [1, "预算数"], [2, "195000.00"], [3, "其中:财政资金"], [4, "195000.00"], [5, "其他资金"], [6, "0"]],
      [[1, "县委、县政府办公区网络改造", 6]],
      [[0, "资金支出计划(%)"], [1, "3月底"], [2, "6月底"], [3, "10月底"], [4, "12月底", 3]],
      [[2, "30.00%"], [3, "60.00%"], [4, "100.00%", 3]],
      [[0, "绩效目标"], [1, "1.2021年完成支出\n2.实现WIFI全覆盖", 6]],
      [[0, "一级指标"], [1, "二级指标"], [2, "三级指标"], [3, "绩效指标描述"], [4, "指标值"], [5, "指标值确定依据", 2]],
      [[0, "产出指标"], [1, "数量指标"], [2, "网络故障率"], [3, "网络故障发生率"], [4, "≤10百分比"], [5, "请示", 2]],
    ]);
    const { project, uncertainties } = extractKeyedTable(unit, makeContext("vertical"));
    expect(project).toMatchObject({
      projectName: "县委县政府办公区网络改造项目经费",
      projectCode: "130636216T39PTY2WF094",
      department: "434001顺平县人民政府办公室(本级)",
      moneyUnit: "元",
      totalAmount: "195000.00",
      fiscalAmount: "195000.00",
      otherAmount: "0",
      fundUse: "县委、县政府办公区网络改造",
      goals: "1.2021年完成支出\n2.实现WIFI全覆盖",
      spendingSchedule: [
        { checkpoint: "3月底", percent: null },
        { checkpoint: "6月底", percent: "30.00%" },
        { checkpoint: "10月底", percent: "60.00%" },
        { checkpoint: "12月底", percent: "100.00%" },
      ],
      indicators: [{ level1: "产出指标", level2: "数量指标", level3: "网络故障率", value: "≤10百分比", description: "网络故障发生率", basis: "请示" }],
    });
    expect(uncertainties).toEqual([]);
  });

  it("reports a spending schedule with no row of percentages under it", () => {
    const keys: CellSpec[][] = [...GRID_KEYS, [[0, "资金支出计划(%)"], [1, "3月底"], [2, "6月底"], [3, "10月底"], [4, "12月底"]], [[0, "项目编码"], [1, "X0001"]]];
    const { project, uncertainties } = extractKeyedTable(gridUnit(keys), makeContext("grid"));
    expect(project.spendingSchedule?.map((entry) => entry.percent)).toEqual([null, null, null, null]);
    expect(uncertainties).toEqual([expect.stringContaining("no row of percentages")]);
  });

  it("reports a unit whose rows name no project", () => {
    const { uncertainties } = extractKeyedTable(makeUnit("grid", INDICATORS), makeContext("grid"));
    expect(uncertainties).toEqual([expect.stringContaining("no 项目名称 value")]);
  });

  describe("header blocks under other labels", () => {
    it("reads labels above their values: two goal columns side by side and a funds block", () => {
      const unit = gridUnit([
        [[0, "项目名称"], [1, "县域医共体信息化建设项目"]],
        [[0, "业务主管部门"], [1, "某某县卫生健康局"], [2, "实施单位"], [3, "某某县人民医院"]],
        [[0, "项目资金（万元）"], [1, "年度资金申请总额"], [2, "其中：当年财政拨款"], [3, "上年结转资金"], [4, "其他资金"]],
        [[1, "320.00"], [2, "300.00"], [3, "20.00"], [4, "0.00"]],
        [[0, "项目总目标"], [2, "年度总体目标"]],
        [[0, "三年内建成覆盖全县的医共体信息平台", 2], [2, "完成县级平台建设和12个乡镇卫生院接入", 3]],
      ]);
      const { project, uncertainties } = extractKeyedTable(unit, makeContext("grid"));
      expect(project).toMatchObject({
        projectName: "县域医共体信息化建设项目",
        department: "某某县卫生健康局",
        implementingUnit: "某某县人民医院",
        moneyUnit: "万元",
        totalAmount: "320.00",
        fiscalAmount: "300.00",
        carryoverAmount: "20.00",
        otherAmount: "0.00",
        longTermGoals: "三年内建成覆盖全县的医共体信息平台",
        goals: "完成县级平台建设和12个乡镇卫生院接入",
      });
      expect(uncertainties).toEqual([]);
    });

    it("reads 项目总预算 and 年度主要目标和成果, and an amount run together with the next label", () => {
      const unit = gridUnit([
        [[0, "项目名称"], [1, "城区排水管网改造"]],
        [[0, "项目总预算"], [1, "860.00 其他资金"], [2, "0.00"]],
        [[0, "年度主要目标和成果"], [1, "改造排水管网4.2公里，消除易涝点3处"]],
      ]);
      const { project } = extractKeyedTable({ ...unit, captions: [{ ...unit.rows[0]!, table: null, cells: [{ ...unit.rows[0]!.cells[0]!, text: "金额单位：万元" }] }] }, makeContext("grid"));
      expect(project).toMatchObject({ totalAmount: "860.00", otherAmount: "0.00", moneyUnit: "万元", goals: "改造排水管网4.2公里，消除易涝点3处" });
    });

    it("reads the unit name and the money unit from the caption above the table", () => {
      const caption = { ...makeUnit("grid", [[[0, "434001某某县农业农村局本级        单位：元"]]]).rows[0]!, table: null };
      const unit = { ...gridUnit([[[0, "项目名称"], [1, "耕地保护补助"]], [[0, "年度资金总额"], [1, "150000.00"]]]), captions: [caption] };
      const { project, uncertainties } = extractKeyedTable(unit, makeContext("grid"));
      expect(project).toMatchObject({ implementingUnit: "434001某某县农业农村局本级", moneyUnit: "元", totalAmount: "150000.00" });
      expect(uncertainties).toEqual([]);
    });

    it("reads a department-overall form: the department is the subject, its budget split into 基本支出 and 项目支出", () => {
      const unit = {
        ...gridUnit([
          [[0, "部门名称"], [1, "某某县市场监督管理局"]],
          [[0, "年度预算安排（万元）"], [1, "资金总额"], [2, "1250.60"], [3, "基本支出"], [4, "980.60"], [5, "项目支出"], [6, "270.00"]],
          [[0, "年度总体目标"], [1, "加强市场监管，维护公平竞争秩序"]],
          [[0, "年度履职目标"], [1, "开展食品安全抽检不少于800批次"]],
        ]),
        kind: "department" as const,
      };
      const { project, uncertainties } = extractKeyedTable(unit, makeContext("grid"));
      expect(project).toMatchObject({
        kind: "department",
        projectName: "某某县市场监督管理局",
        department: "某某县市场监督管理局",
        moneyUnit: "万元",
        totalAmount: "1250.60",
        basicExpenditure: "980.60",
        projectExpenditure: "270.00",
        goals: "加强市场监管，维护公平竞争秩序",
        otherFields: [{ name: "年度履职目标", text: "开展食品安全抽检不少于800批次" }],
      });
      expect(uncertainties).toEqual([]);
    });

    it("reads a paragraph-only form as its goals and no indicators, without doubt; a form with level names but no header is a doubt", () => {
      const paragraph = extractKeyedTable(makeUnit("grid", [[[0, "项目名称"], [1, "档案数字化"]], [[0, "绩效目标"], [1, "完成馆藏档案数字化5万卷，提升利用效率。"]]]), makeContext("grid"));
      expect(paragraph.project.indicators).toEqual([]);
      expect(paragraph.uncertainties).toEqual([]);
      const unreadable = extractKeyedTable(makeUnit("grid", [[[0, "项目名称"], [1, "档案数字化"]], [[0, "产出指标"], [1, "数量指标"], [2, "数字化卷数"], [3, "5万卷"]]]), makeContext("grid"));
      expect(unreadable.uncertainties).toEqual([expect.stringContaining("no indicator header row")]);
    });

    it.each([
      ["填报部门（盖章）：某某县水利局", "金额单位：万元"],
      ["主管部门（单位）：某某县水利局", ""],
      ["预算部门:某某县水利局", "单位：万元"],
      ["主管部门【公章】：某某县水利局", ""],
    ])("takes the department from the caption %s, not the unit", (left, right) => {
      const caption = { ...makeUnit("grid", [[[0, `${left}        ${right}`]]]).rows[0]!, table: null };
      const unit = { ...gridUnit([[[0, "项目名称"], [1, "河湖巡查经费"]], [[0, "资金总额(万元):"], [1, "36.00"]]]), captions: [caption] };
      const { project } = extractKeyedTable(unit, makeContext("grid"));
      expect(project).toMatchObject({ department: "某某县水利局", implementingUnit: null, moneyUnit: "万元", totalAmount: "36.00" });
    });

    it("reads a funds block whose parts are named otherwise (总额 | 财政资金 | 单位自筹) over a row of amounts", () => {
      const unit = gridUnit([
        [[0, "项目名称"], [1, "河湖巡查经费"]],
        [[0, "资金情况（万元）"], [1, "总额"], [2, "财政资金"], [3, "单位自筹"]],
        [[1, "36.00"], [2, "30.00"], [3, "6.00"]],
      ]);
      const { project, uncertainties } = extractKeyedTable(unit, makeContext("grid"));
      expect(project).toMatchObject({ totalAmount: "36.00", fiscalAmount: "30.00", otherAmount: "6.00", moneyUnit: "万元" });
      expect(uncertainties).toEqual([]);
    });

    it("takes a heading it does not know over a row of amounts for a label, keeps its amount by name and doubts it", () => {
      const unit = gridUnit([
        [[0, "项目名称"], [1, "河湖巡查经费"]],
        [[0, "资金总额"], [1, "财政资金"], [2, "社会捐赠"]],
        [[0, "36.00"], [1, "30.00"], [2, "6.00"]],
      ]);
      const { project, uncertainties } = extractKeyedTable(unit, makeContext("grid", null));
      expect(project).toMatchObject({ totalAmount: "36.00", fiscalAmount: "30.00", otherAmount: null });
      expect(project.otherFields).toContainEqual({ name: "社会捐赠", text: "6.00" });
      expect(uncertainties).toContainEqual(expect.stringContaining('"社会捐赠" heads an amount (6.00)'));
    });

    it("reads a table with no 二级指标 column: level 2 left empty, one doubt, 指标值说明 as the description", () => {
      const indicators: CellSpec[][] = [
        [[0, "一级指标"], [1, "指标名称"], [2, "指标值"], [3, "指标值说明"]],
        [[0, "产出指标"], [1, "治理河道长度"], [2, "9.6公里"], [3, "含左右岸"]],
        [[1, "防洪标准"], [2, "20年一遇"]],
        [[0, "满意度指标"], [1, "沿岸群众满意度"], [2, "≥90%"]],
      ];
      const { project, uncertainties } = extractKeyedTable(gridUnit([[[0, "项目名称"], [1, "中小河流治理"]]], indicators), makeContext("grid"));
      expect(project.indicators.map((row) => [row.level1, row.level2, row.level3, row.value, row.description])).toEqual([
        ["产出指标", "", "治理河道长度", "9.6公里", "含左右岸"],
        ["产出指标", "", "防洪标准", "20年一遇", ""],
        ["满意度指标", "", "沿岸群众满意度", "≥90%", ""],
      ]);
      expect(uncertainties).toEqual([expect.stringContaining("no 二级指标 column")]);
    });

    it("joins the rows a goal label is merged over (年度目标 over 目标1 / 目标2 / 目标3), and stops at the next label", () => {
      const unit = gridUnit([
        [[0, "项目名称"], [1, "法律援助专项经费"]],
        [[0, "年度目标"], [1, "目标1：审核率100%。"]],
        [[1, "目标2：调解成功率95%以上。"]],
        [[1, "目标3：普法活动不少于60场。"]],
        [[0, "资金总额"], [1, "36.00"]],
      ]);
      const goalLabel = unit.rows[1]!.cells[0]!;
      const merged = { ...unit, rows: unit.rows.map((row, index) => (index === 1 ? { ...row, cells: [{ ...goalLabel, rowSpan: 3 }, ...row.cells.slice(1)] } : row)) };
      const { project } = extractKeyedTable(merged, makeContext("grid"));
      expect(project.goals).toBe("目标1：审核率100%。\n目标2：调解成功率95%以上。\n目标3：普法活动不少于60场。");
      expect(project.totalAmount).toBe("36.00");
    });
  });
});
