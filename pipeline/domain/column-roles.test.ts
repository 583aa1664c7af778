import { describe, expect, it } from "vitest";
import { isComparatorCell, isNatureCell, roleOfHeaderText } from "./column-roles.js";

describe("roleOfHeaderText", () => {
  it.each([
    ["一级指标", "level1"],
    ["二级 指标", "level2"],
    ["三级指标", "level3"],
    ["指标名称", "level3"],
    ["指标内容", "level3"],
    ["指标值", "value"],
    ["指标值（包含数字及文字描述）", "value"],
    ["年度指标值", "value"],
    ["目标值", "value"],
    ["指标值确定依据", "basis"],
    ["绩效指标描述", "description"],
    ["指标解释", "description"],
    ["指标性质", "nature"],
    ["符号", "comparator"],
    ["度量单位", "unit"],
    ["计量单位", "unit"],
    ["权重", "weight"],
    ["分值", "weight"],
    ["分值权重（90）", "weight"],
    ["指标方向性", "direction"],
    ["评（扣）分标准", "scoringRule"],
    ["备注", "remark"],
    ["实际完成值", "evaluation"],
    ["得分", "evaluation"],
    ["单位名称", "unitName"],
    ["单位及项目名称", "projectName"],
    ["项目名称", "projectName"],
    ["项 目 全 称", "projectName"],
    ["项目名称（全称）", "projectName"],
    ["本年预算数（元）", "amount"],
    ["申报金额(万元)", "amount"],
    ["预算数", "amount"],
    ["金额 (万元)", "amount"],
    ["年度目标", "goals"],
    ["绩效指标", "indicatorList"],
    ["单位编码", "unitCode"],
    ["附加说明栏目", "description"],
    ["风险等级", null],
  ])("reads %s as %s", (text, role) => {
    expect(roleOfHeaderText(text)?.role ?? null).toBe(role);
  });

  it("reads a header a scan's recognizer misread 目 in (自标值, 项日名称), under the name as read, and nothing else for it", () => {
    expect(roleOfHeaderText("自标值")).toEqual({ role: "value", name: "自标值", statedTotal: null });
    expect(roleOfHeaderText("日标值")?.role).toBe("value");
    expect(roleOfHeaderText("项日名称")?.role).toBe("projectName");
    expect(roleOfHeaderText("年度绩效自标")?.role).toBe("goals");
    // A known header with 自 or 日 keeps its own role; unknown ones stay unknown.
    expect(roleOfHeaderText("得分")?.role).toBe("evaluation");
    expect(roleOfHeaderText("自评得分")?.role).toBe(roleOfHeaderText("得分")?.role);
    expect(roleOfHeaderText("完成日期")).toBeNull();
    expect(roleOfHeaderText("风险自查")).toBeNull();
  });

  it("keeps the total a weight header states, and the header text a column is kept under", () => {
    expect(roleOfHeaderText("分值权重（90）")).toEqual({ role: "weight", name: "分值权重（90）", statedTotal: "90" });
    expect(roleOfHeaderText("权重(%)")?.statedTotal).toBeNull();
  });

  it("never takes a value or a long sentence for a column name", () => {
    expect(roleOfHeaderText("≥95%")).toBeNull();
    expect(roleOfHeaderText("提高全县农村公路养护水平，确保道路畅通的目标任务")).toBeNull();
  });
});

describe("comparator and nature cells", () => {
  it("tells the comparators of a 指标性质 column from its 定量/定性", () => {
    expect(["≥", "＝", "≤", "大于等于", ">"].every(isComparatorCell)).toBe(true);
    expect(isComparatorCell("定性")).toBe(false);
    expect(isNatureCell("定性")).toBe(true);
    expect(isNatureCell("定量指标")).toBe(true);
    expect(isNatureCell("≥")).toBe(false);
  });
});
