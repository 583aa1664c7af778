import { describe, expect, it } from "vitest";
import { NO_INDICATOR_EXTRAS } from "../../../schemas/extracted-project.js";
import type { Row } from "../../../schemas/layout.js";
import { readTableHeader, type TableHeader } from "../../tables/read-table-header.js";
import { readIndicatorRows } from "./indicator-rows.js";
import { makeRow, type CellSpec } from "./test-units.js";

const GRID_HEADER: CellSpec[] = [[0, "名称"], [1, "一级指标"], [2, "二级指标"], [3, "三级指标"], [4, "指标值"]];

function read(headerCells: readonly CellSpec[], rows: readonly (readonly CellSpec[] | Row)[]) {
  const header = readTableHeader(makeRow(headerCells)) as TableHeader;
  expect(header).not.toBeNull();
  return readIndicatorRows(rows.map((row, index) => ("cells" in row ? row : makeRow(row, { y: (index + 1) * 20 }))), header);
}

const brief = (indicators: readonly { level1: string; level2: string; level3: string; value: string }[]) =>
  indicators.map(({ level1, level2, level3, value }) => [level1, level2, level3, value]);

describe("readIndicatorRows", () => {
  it("carries level 1 and level 2 down to rows whose merged cells are empty", () => {
    const { indicators, uncertainties } = read(GRID_HEADER, [
      [[0, "绩效指标"], [1, "产出指标"], [2, "数量指标(必填硬性指标)"], [3, "接访量"], [4, "年末归零"]],
      [[3, "重点维护人员"], [4, "120 余人"]],
      [[2, "质量指标(必填)"], [3, "办结率"], [4, "100%"]],
    ]);
    expect(brief(indicators)).toEqual([
      ["产出指标", "数量指标(必填硬性指标)", "接访量", "年末归零"],
      ["产出指标", "数量指标(必填硬性指标)", "重点维护人员", "120 余人"],
      ["产出指标", "质量指标(必填)", "办结率", "100%"],
    ]);
    expect(uncertainties).toEqual([]);
  });

  it("reads rows shifted one column left by their content, keeping the carried level 1", () => {
    const { indicators, uncertainties } = read(GRID_HEADER, [
      [[1, "产出指标"], [2, "数量指标(必填)"], [3, "接访量"], [4, "80 台"]],
      [[1, "时效指标 (必填)"], [2, "信访事项按期办结率"], [3, "100%"]],
      [[1, "成本指标(必填硬性指标)"], [2, "维护成本"], [3, "8 万元"]],
      [[1, "印刷各类会议材料"], [3, "16 万元"]],
      [[1, "效益指标"], [2, "社会效益指标"], [3, "社会反响"], [4, "经常保持"]],
      [[0, "推动解决信访事项, 维护社会合法权益"], [3, "逐步提高"]],
      [[0, "可持续影响指标 (必填)"], [1, "维护群众合法权益"], [3, "逐步提高"]],
      [[0, "满意度指标"], [1, "服务对象满意度指标 (必填)"], [2, "信访群众满意率"], [3, "90%"]],
    ]);
    expect(brief(indicators)).toEqual([
      ["产出指标", "数量指标(必填)", "接访量", "80 台"],
      ["产出指标", "时效指标 (必填)", "信访事项按期办结率", "100%"],
      ["产出指标", "成本指标(必填硬性指标)", "维护成本", "8 万元"],
      ["产出指标", "成本指标(必填硬性指标)", "印刷各类会议材料", "16 万元"],
      ["效益指标", "社会效益指标", "社会反响", "经常保持"],
      ["效益指标", "社会效益指标", "推动解决信访事项, 维护社会合法权益", "逐步提高"],
      ["效益指标", "可持续影响指标 (必填)", "维护群众合法权益", "逐步提高"],
      ["满意度指标", "服务对象满意度指标 (必填)", "信访群众满意率", "90%"],
    ]);
    expect(uncertainties).toEqual([]);
  });

  it("reads 成本指标 in the level-3 column as a cost level 2 whose name sits in the value column, with an empty value", () => {
    const { indicators, uncertainties } = read(GRID_HEADER, [
      [[1, "产出指标"], [2, "时效指标 (必填)"], [3, "政府公报印刷时效性"], [4, "100%"]],
      [[3, "成本指标 (必填硬性指标)"], [4, "政府公报印刷"]],
      [[1, "政务公开宣传资料印刷"], [2, "7 万元"]],
    ]);
    expect(brief(indicators)).toEqual([
      ["产出指标", "时效指标 (必填)", "政府公报印刷时效性", "100%"],
      ["产出指标", "成本指标 (必填硬性指标)", "政府公报印刷", ""],
      ["产出指标", "成本指标 (必填硬性指标)", "政务公开宣传资料印刷", "7 万元"],
    ]);
    expect(uncertainties).toEqual([]);
  });

  it("reads a row shifted right (level 1 under 二级指标) as a name with an empty value, not a value", () => {
    const { indicators } = read(GRID_HEADER, [
      [[1, "产出指标"], [2, "数量指标"], [3, "登记接访量"], [4, "510余件"]],
      [[2, "效益指标"], [3, "社会效益指标(必填)"], [4, "维护群众合法权益,确保社会和谐稳定"]],
    ]);
    expect(brief(indicators).at(-1)).toEqual(["效益指标", "社会效益指标(必填)", "维护群众合法权益,确保社会和谐稳定", ""]);
  });

  it("reads 成本指标 as a level 1 when a level 2 such as 经济成本指标 follows it (newer templates)", () => {
    const { indicators, uncertainties } = read(GRID_HEADER, [
      [[1, "成本指标"], [2, "经济成本指标"], [3, "印刷费"], [4, "≤9.8万元"]],
      [[2, "社会成本指标"], [3, "环境影响"], [4, "无"]],
    ]);
    expect(brief(indicators)).toEqual([
      ["成本指标", "经济成本指标", "印刷费", "≤9.8万元"],
      ["成本指标", "社会成本指标", "环境影响", "无"],
    ]);
    expect(uncertainties).toEqual([]);
  });

  it("places cells by the header's columns when the table has extra blank columns and other annotations", () => {
    const header: CellSpec[] = [[0, "一级指标"], [2, "二级指标"], [3, "三级指标"], [5, "指标值"]];
    const { indicators, uncertainties } = read(header, [
      [[0, "产出指标"], [2, "数量指标(必填量化)"], [3, "培训人次"], [5, "≥300人次"]],
      [[2, "质量指标(选填)"], [3, "合格率"], [5, "100%"]],
    ]);
    expect(brief(indicators)).toEqual([
      ["产出指标", "数量指标(必填量化)", "培训人次", "≥300人次"],
      ["产出指标", "质量指标(选填)", "合格率", "100%"],
    ]);
    expect(uncertainties).toEqual([]);
  });

  it("reads description and basis columns, and ends the block at a 综合评定等级 row without doubt", () => {
    const header: CellSpec[] = [[0, "一级指标"], [1, "二级指标"], [2, "三级指标"], [3, "绩效指标描述"], [4, "指标值"], [5, "指标值确定依据"]];
    const { indicators, uncertainties } = read(header, [
      [[0, "产出指标"], [1, "数量指标"], [2, "购买数量"], [3, "购买数量"], [4, "≥1辆"], [5, "请示"]],
      [[1, "质量指标"], [2, "资金到位率"], [4, "100百分比"]],
      [[0, "综合评定等级"], [1, "□优 □良 □中 □差"]],
    ]);
    expect(indicators).toEqual([
      { ...NO_INDICATOR_EXTRAS, level1: "产出指标", level2: "数量指标", level3: "购买数量", value: "≥1辆", description: "购买数量", basis: "请示" },
      { ...NO_INDICATOR_EXTRAS, level1: "产出指标", level2: "质量指标", level3: "资金到位率", value: "100百分比", description: "", basis: "" },
    ]);
    expect(uncertainties).toEqual([]);
  });

  it("places a row on the next page by where its cells sit under the header, whatever that page's grid numbers", () => {
    // Page 2's grid has no 名称 column, so its columns are numbered one lower than page 1's.
    const nextPage: Row = {
      ...makeRow([[0, "数量指标"], [1, "进京驻访维稳"], [2, "5000 元/次"]], { page: 2, y: 0 }),
    };
    const shifted = { ...nextPage, cells: nextPage.cells.map((cell) => ({ ...cell, box: { ...cell.box, x: cell.box.x + 200 } })) };
    const { indicators, uncertainties } = read(GRID_HEADER, [[[1, "产出指标"], [2, "成本指标"], [3, "维稳费"], [4, "36 万元"]], shifted]);
    expect(brief(indicators).at(-1)).toEqual(["产出指标", "数量指标", "进京驻访维稳", "5000 元/次"]);
    expect(uncertainties).toEqual([]);
  });

  it("skips the indicator header repeated at the top of the next page", () => {
    const { indicators } = read(GRID_HEADER, [[[1, "产出指标"], [2, "数量指标"], [3, "接访量"], [4, "80 台"]], GRID_HEADER, [[3, "来信量"], [4, "30 件"]]]);
    expect(indicators.map((indicator) => indicator.level3)).toEqual(["接访量", "来信量"]);
  });

  it("reports a level 2 that is not a known name, and keeps it as written", () => {
    const { indicators, uncertainties } = read(GRID_HEADER, [[[1, "产出指标"], [2, "效率指标"], [3, "办结率"], [4, "100%"]]]);
    expect(brief(indicators)).toEqual([["产出指标", "效率指标", "办结率", "100%"]]);
    expect(uncertainties).toEqual([expect.stringMatching(/page 1 row .*level 2 "效率指标" is not a known name/)]);
  });

  it("reports a row that has a value but no indicator name", () => {
    const { uncertainties } = read(GRID_HEADER, [[[1, "产出指标"], [2, "数量指标"], [3, "接访量"], [4, "80 台"]], [[4, "100%"]]]);
    expect(uncertainties).toEqual([expect.stringContaining("no indicator name")]);
  });

  it("reports a shifted row whose last cell does not read as a target value", () => {
    const { uncertainties } = read(GRID_HEADER, [
      [[1, "产出指标"], [2, "数量指标"], [3, "接访量"], [4, "80 台"]],
      [[2, "办理效率"], [3, "全年受理登记群众来信来访办理的及时程度"]],
    ]);
    expect(uncertainties).toEqual([expect.stringContaining("does not read as a target value")]);
  });

  it("reports indicators that have no level 1 above them", () => {
    const { uncertainties } = read(GRID_HEADER, [[[3, "接访量"], [4, "80 台"]]]);
    expect(uncertainties).toEqual([expect.stringMatching(/no level 1.*no level 2/)]);
  });

  describe("columns beside the value, read by the role their header names", () => {
    it("never takes a weight, score or remark column for the value", () => {
      const header: CellSpec[] = [[0, "一级指标"], [1, "二级指标"], [2, "三级指标"], [3, "指标值"], [4, "分值"], [5, "指标解释"], [6, "评（扣）分标准"], [7, "备注"]];
      const { indicators, uncertainties } = read(header, [
        [[0, "产出指标"], [1, "数量指标"], [2, "培训人次"], [3, "≥300人次"], [4, "20"], [5, "年度内培训的人次"], [6, "每少10人次扣2分"], [7, "无"]],
        [[1, "质量指标"], [2, "培训合格率"], [3, "≥95%"], [4, "10"], [6, "未达标不得分"]],
      ]);
      expect(indicators.map((indicator) => [indicator.value, indicator.weight, indicator.description])).toEqual([
        ["≥300人次", "20", "年度内培训的人次"],
        ["≥95%", "10", ""],
      ]);
      expect(indicators[0]!.otherColumns).toEqual([
        { name: "评（扣）分标准", text: "每少10人次扣2分" },
        { name: "备注", text: "无" },
      ]);
      expect(uncertainties).toEqual([]);
    });

    it("reads comparator, number and unit from columns of their own, and 定性 in the comparator column as the nature", () => {
      const header: CellSpec[] = [[0, "一级指标"], [1, "二级指标"], [2, "三级指标"], [3, "指标性质"], [4, "指标值"], [5, "度量单位"], [6, "权重"], [7, "指标方向性"]];
      const { indicators, uncertainties } = read(header, [
        [[0, "产出指标"], [1, "数量指标"], [2, "改造农村公路里程"], [3, "≥"], [4, "35"], [5, "公里"], [6, "20"], [7, "正向指标"]],
        [[1, "时效指标"], [2, "完工时间"], [3, "≤"], [4, "10"], [5, "月"], [6, "10"], [7, "反向指标"]],
        [[0, "效益指标"], [1, "社会效益指标"], [2, "群众出行条件"], [3, "定性"], [4, "明显改善"], [6, "20"], [7, "正向指标"]],
      ]);
      expect(indicators.map(({ valueComparator, value, valueUnit, weight, direction, nature }) => [valueComparator, value, valueUnit, weight, direction, nature])).toEqual([
        ["≥", "35", "公里", "20", "正向指标", null],
        ["≤", "10", "月", "10", "反向指标", null],
        [null, "明显改善", null, "20", "正向指标", "定性"],
      ]);
      expect(uncertainties).toEqual([]);
    });

    it("keeps a column it does not know under its header's name, and never as the value", () => {
      const header: CellSpec[] = [[0, "一级指标"], [1, "二级指标"], [2, "三级指标"], [3, "指标值"], [4, "风险等级"]];
      const { indicators } = read(header, [[[0, "产出指标"], [1, "数量指标"], [2, "巡查次数"], [3, "12次"], [4, "低"]]]);
      expect(indicators[0]).toMatchObject({ value: "12次", otherColumns: [{ name: "风险等级", text: "低" }] });
    });

    it("reads 成本指标 before 产出指标 and a level 2 repeated on every row", () => {
      const header: CellSpec[] = [[0, "一级指标"], [1, "二级指标"], [2, "三级指标"], [3, "指标值"], [4, "分值"]];
      const { indicators, uncertainties } = read(header, [
        [[0, "成本指标"], [1, "经济成本指标"], [2, "设备购置成本"], [3, "≤45万元"], [4, "10"]],
        [[0, "产出指标"], [1, "数量指标"], [2, "购置设备数量"], [3, "6台"], [4, "10"]],
        [[1, "数量指标"], [2, "培训操作人员"], [3, "≥12人"], [4, "10"]],
      ]);
      expect(brief(indicators)).toEqual([
        ["成本指标", "经济成本指标", "设备购置成本", "≤45万元"],
        ["产出指标", "数量指标", "购置设备数量", "6台"],
        ["产出指标", "数量指标", "培训操作人员", "≥12人"],
      ]);
      expect(uncertainties).toEqual([]);
    });
  });
});
