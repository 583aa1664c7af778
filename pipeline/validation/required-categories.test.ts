import { describe, expect, it } from "vitest";
import type { IndicatorRecord } from "../../schemas/project-record.js";
import { indicator, projectRecord, raisedBy, raisedOn, scopeOf } from "./test-records.js";

// Seed 000 文印工作经费: every level 2 carries (必填…), so the template says what is required.
const PRINTING_MARKED: readonly IndicatorRecord[] = [
  indicator("产出指标", "数量指标(必填硬性指标)", "购买打字印刷服务。", "全年"),
  indicator("产出指标", "质量指标(必填)", "年内保证县政府及县政府办全年上、下行文及平行文和相关材料差错率降为1%。", "<1%"),
  indicator("产出指标", "时效指标(必填)", "按合同约定,按时完成文印工作", "全年"),
  indicator("产出指标", "成本指标(必填硬性指标)", "购买打字印刷服务15万元,保障县政府及县政府办全年上、下行文及平行文和相关材料高效运行。", "15万元/年"),
  indicator("效益指标", "社会效益指标(必填)", "年内保证县政府及县政府办全年上、下行文及平行文和相关材料高效、及时、准确。", "提升"),
  indicator("效益指标", "可持续影响指标(必填)", "不断规范提升县政府及县政府办全年上、下行文及平行文和相关材料。", "提升、规范"),
  indicator("满意度指标", "服务对象满意度指标(必填)", "年内保证县政府及县政府办全年上、下行文及平行文和相关材料让区、市、县、部门、乡镇满意度达到100%。", "90%"),
];

// Seed 002 信访档案整理及工作经费: no annotations, and no 满意度指标 section at all.
const ARCHIVE_UNMARKED: readonly IndicatorRecord[] = [
  indicator("产出指标", "数量指标", "整理装订群众来访案件档案一案一册", "≥ 80 次"),
  indicator("产出指标", "质量指标", "合格率", "100%"),
  indicator("产出指标", "时效指标", "信访档案整理及时率", "≥100%"),
  indicator("产出指标", "成本指标", "购买档案袋及印刷宣传材料", "≥ 0.78 万元"),
  indicator("效益指标", "社会效益指标", "提升信访工作办理效率", "提升"),
  indicator("效益指标", "可持续影响指标", "信访档案整理工作年限", "长期"),
];

describe("required_category_missing", () => {
  it("stays silent when a marked project has every category its document marks 必填 (seed 000 文印)", () => {
    expect(raisedOn("required_category_missing", projectRecord({ name: "文印工作经费", indicators: PRINTING_MARKED }))).toEqual([]);
  });

  it("raises an error for a marked category the project lacks, learning the required set from the whole document", () => {
    // The project without its 时效指标 row no longer shows that 时效指标 is 必填; its sibling does.
    const sibling = projectRecord({ name: "会议费及公务活动费", unitIndex: 0, indicators: PRINTING_MARKED });
    const withoutTimeliness = projectRecord({ name: "文印工作经费", unitIndex: 1, indicators: PRINTING_MARKED.filter((row) => row.level2 !== "时效指标") });
    const flags = raisedBy("required_category_missing", scopeOf([sibling, withoutTimeliness]), withoutTimeliness);
    expect(flags).toEqual([expect.objectContaining({ code: "required_category_missing", severity: "error", path: "indicators" })]);
    expect(flags[0]?.message).toContain('"时效指标"');
  });

  it("warns in a three-project document when both siblings report the category the third lacks", () => {
    // The gap's own project is not counted: otherwise three projects could never show a gap.
    const full = (name: string, unitIndex: number) => projectRecord({ name, unitIndex, indicators: ARCHIVE_UNMARKED });
    const lacking = projectRecord({ name: "信访宣传经费", unitIndex: 2, indicators: ARCHIVE_UNMARKED.filter((row) => row.level2 !== "可持续影响指标") });
    const flags = raisedBy("required_category_missing", scopeOf([full("信访档案整理", 0), full("信访接待经费", 1), lacking]), lacking);
    expect(flags.map((flag) => [flag.severity, flag.message.includes('"可持续影响指标"')])).toEqual([["warning", true]]);
  });

  it("warns when an unmarked project lacks a category most of its document reports (seed 002 信访档案整理)", () => {
    const satisfaction = indicator("三、满意度指标", "服务对象满意度指标", "群众满意率", "≥95%");
    const siblings = [1, 2, 3].map((unitIndex) => projectRecord({ name: `项目${unitIndex}`, unitIndex, indicators: [...ARCHIVE_UNMARKED, satisfaction] }));
    const archive = projectRecord({ name: "信访档案整理及工作经费", unitIndex: 0, indicators: ARCHIVE_UNMARKED });
    const flags = raisedBy("required_category_missing", scopeOf([archive, ...siblings]), archive);
    expect(flags.map(({ severity, message }) => ({ severity, missing: /"(.+?)"/.exec(message)?.[1] }))).toEqual([
      { severity: "warning", missing: "服务对象满意度指标" },
    ]);
  });

  it("does not require of an unmarked project a category most of its document leaves out (seed 003: 成本指标 in 1 table of 6)", () => {
    const withoutCost = ARCHIVE_UNMARKED.filter((row) => row.level2 !== "成本指标");
    const records = [0, 1, 2, 3, 4, 5].map((unitIndex) =>
      projectRecord({ name: `项目${unitIndex}`, unitIndex, indicators: unitIndex === 5 ? ARCHIVE_UNMARKED : withoutCost }),
    );
    for (const record of records) expect(raisedBy("required_category_missing", scopeOf(records), record)).toEqual([]);
  });

  it("says nothing about an unmarked project validated alone: one project shows no template", () => {
    expect(raisedOn("required_category_missing", projectRecord({ name: "信访档案整理及工作经费", indicators: ARCHIVE_UNMARKED }))).toEqual([]);
  });

  it("counts a 满意度指标 printed without its level 2 as 服务对象满意度指标 (seed 002 信访调查)", () => {
    const indicators = [...ARCHIVE_UNMARKED, indicator("三、满意度指标", "", "群众满意率", "≥95%")];
    expect(raisedOn("required_category_missing", projectRecord({ name: "信访调查/信访业务费/信访应急专项", indicators }))).toEqual([]);
  });

  it("counts indicators under the newer level 1 成本指标 as the 成本指标 category", () => {
    const indicators = [
      ...ARCHIVE_UNMARKED.filter((row) => row.level2 !== "成本指标"),
      indicator("成本指标", "经济成本指标", "购买档案袋及印刷宣传材料", "≥ 0.78 万元"),
      indicator("满意度指标", "服务对象满意度指标", "群众满意率", "≥95%"),
    ];
    expect(raisedOn("required_category_missing", projectRecord({ name: "信访档案整理及工作经费", indicators }))).toEqual([]);
  });
});
