import { describe, expect, it } from "vitest";
import { fieldOfLabel, isUnitSubjectLabel, splitAtLabels } from "./field-labels.js";

describe("fieldOfLabel", () => {
  it.each([
    ["项目名称", "projectName"],
    ["项目名称：", "projectName"],
    ["部门名称", "departmentName"],
    ["业务主管部门", "department"],
    ["项目总预算", "projectBudget"],
    ["年度资金申请总额（万元）", "totalAmount"],
    ["其中：当年财政拨款", "fiscalAmount"],
    ["上年结转资金", "carryoverAmount"],
    ["其他资金", "otherAmount"],
    ["年度主要目标和成果", "goals"],
    ["项目总目标", "longTermGoals"],
    ["年度预算安排", "moneyGroup"],
    ["基本支出", "basicExpenditure"],
    ["项目支出", "projectExpenditure"],
    ["年度履职目标", "otherField"],
    ["项目期", "projectPeriod"],
    // A name label is a family: the full name, bracketed or spaced out, names the project too.
    ["项目全称：", "projectName"],
    ["项目名称(全称)", "projectName"],
    ["项 目 全 称", "projectName"],
    // Budget amounts under the names counties give them, with ASCII or full-width brackets.
    ["本年预算数(元)", "totalAmount"],
    ["当年预算数（万元）", "totalAmount"],
    ["年度申报金额", "totalAmount"],
    ["其中:省级补助资金", "fiscalAmount"],
    ["地方配套资金", "otherAmount"],
    ["单位整体绩效目标", "goals"],
    ["县委县政府办公区网络改造项目经费", null],
    ["0.00", null],
  ])("reads %s as %s", (text, field) => {
    expect(fieldOfLabel(text)).toBe(field);
  });
});

describe("splitAtLabels", () => {
  it("splits a value run together with the next label", () => {
    expect(splitAtLabels("0.00 其他资金")).toEqual([
      { field: null, label: null, unit: null, value: "0.00" },
      { field: "otherAmount", label: "其他资金", unit: null, value: "" },
    ]);
  });

  it("finds the label of a row whose inner borders a scan lost", () => {
    expect(splitAtLabels("130636216T39PTY2WF094 项目名称 县委县政府办公区网络改造项目经费")).toEqual([
      { field: null, label: null, unit: null, value: "130636216T39PTY2WF094" },
      { field: "projectName", label: "项目名称", unit: null, value: "县委县政府办公区网络改造项目经费" },
    ]);
  });

  it("reads a flattened line of labels and values", () => {
    expect(splitAtLabels("项目名称：乡村道路养护项目 主管部门：某某县交通运输局 实施单位：某某县公路养护站")).toEqual([
      { field: "projectName", label: "项目名称", unit: null, value: "乡村道路养护项目" },
      { field: "department", label: "主管部门", unit: null, value: "某某县交通运输局" },
      { field: "implementingUnit", label: "实施单位", unit: null, value: "某某县公路养护站" },
    ]);
  });

  it("leaves a value that merely contains a label's words whole", () => {
    expect(splitAtLabels("完成项目名称统计和其他资金核算")).toEqual([{ field: null, label: null, unit: null, value: "完成项目名称统计和其他资金核算" }]);
  });

  it("reads a label with its value in one cell, unit and colon included", () => {
    expect(splitAtLabels("年度资金总额（万元）：100.00")).toEqual([{ field: "totalAmount", label: "年度资金总额", unit: "万元", value: "100.00" }]);
  });
});

describe("isUnitSubjectLabel", () => {
  it.each([
    ["单位名称", true],
    ["预算单位名称：", true],
    ["实施单位", false],
    ["部门名称", false],
  ])("reads %s as %s", (text, expected) => {
    expect(isUnitSubjectLabel(text)).toBe(expected);
  });
});
