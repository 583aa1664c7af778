import { describe, expect, it } from "vitest";
import { parseIndicatorList } from "./indicator-list.js";

const brief = (text: string) => parseIndicatorList(text).indicators.map(({ level1, level2, level3, value }) => [level1, level2, level3, value]);

describe("parseIndicatorList", () => {
  it("reads one item per line under numbered level-1 and level-2 headings, without numbering or colon", () => {
    const text = "一、产出指标\n(一) 数量指标:\n1. 整理装订群众来信案件档案 ≥ 30 (批)\n2. 合格率 100%\n二、效益指标\n(一) 社会效益指标\n1. 提升信访工作办理效率 提升";
    expect(brief(text)).toEqual([
      ["产出指标", "数量指标", "整理装订群众来信案件档案", "≥ 30 (批)"],
      ["产出指标", "数量指标", "合格率", "100%"],
      ["效益指标", "社会效益指标", "提升信访工作办理效率", "提升"],
    ]);
    expect(parseIndicatorList(text).problems).toEqual([]);
  });

  it("reads one flowing paragraph whose line break falls inside a value", () => {
    const text = "一、产出指标 (一)数量指标: 1. 解决无责任主体的信访问题 ≥4(批)次 2. 解决无财力处理的信访问题 ≥4\n(批)次 (二)质量指标: 1. 合格率 ≥100% 二、效益指标 (一)社会效益指标: 1. 维护群众合法权益 ≥100% (二)可持续影响指标:";
    expect(brief(text)).toEqual([
      ["产出指标", "数量指标", "解决无责任主体的信访问题", "≥4(批)次"],
      ["产出指标", "数量指标", "解决无财力处理的信访问题", "≥4(批)次"],
      ["产出指标", "质量指标", "合格率", "≥100%"],
      ["效益指标", "社会效益指标", "维护群众合法权益", "≥100%"],
    ]);
    expect(parseIndicatorList(text).problems).toEqual([]);
  });

  it("splits items that run into each other, and never reads a decimal as an item number", () => {
    const text =
      "一、产出指标 (一)数量指标: 1.视频会议网络专线条数 12条 2.云服务器 2台3.网站维护数量 12个 (四)成本指标: 1.电子政务网维护租赁费46.82万元 " +
      "2.各类培训费用 ≤ 1.65万元 3.预计全年成本 ≥ 0.5 万元 4.12345政务服务便民热线 20万元 5.会议系统费 12.45万元 " +
      "6.州委州政府主要领导批示 300元/篇7. 优秀信息员 1000元/人";
    expect(brief(text).map(([, , name, value]) => `${name}=${value}`)).toEqual([
      "视频会议网络专线条数=12条",
      "云服务器=2台",
      "网站维护数量=12个",
      "电子政务网维护租赁费=46.82万元",
      "各类培训费用=≤ 1.65万元",
      "预计全年成本=≥ 0.5 万元",
      "12345政务服务便民热线=20万元",
      "会议系统费=12.45万元",
      "州委州政府主要领导批示=300元/篇",
      "优秀信息员=1000元/人",
    ]);
  });

  it("finds the next item's number right after a value where a scan lost the space, and not inside a value", () => {
    const text = "一、产出指标(四)成本指标:1.公车平台流量服务费28万元2.12345政务服务便民热线20万元3.补助标准4.5万元/户4.会议系统费12.45万元";
    expect(brief(text).map(([, , name, value]) => `${name}=${value}`)).toEqual([
      "公车平台流量服务费=28万元",
      "12345政务服务便民热线=20万元",
      "补助标准=4.5万元/户",
      "会议系统费=12.45万元",
    ]);
  });

  it("reads unnumbered items after a heading, and items under a level 1 with no level-2 heading with an empty level 2", () => {
    const text = "(二)质量指标: 重点任务督导覆盖率 ≥100% 三、满意度指标 1. 督查满意度 ≥90% 2. 被督查对象满意度 ≥90%";
    const withLevel1 = `一、产出指标 ${text}`;
    expect(brief(withLevel1)).toEqual([
      ["产出指标", "质量指标", "重点任务督导覆盖率", "≥100%"],
      ["满意度指标", "", "督查满意度", "≥90%"],
      ["满意度指标", "", "被督查对象满意度", "≥90%"],
    ]);
    expect(parseIndicatorList(withLevel1).problems).toEqual([]);
  });

  it("keeps a level-2 annotation and reads a level 2 written without its numbering", () => {
    expect(brief("一、产出指标 数量指标(必填): 1. 培训人次 ≥300人次 (二)质量指标(选填) 1. 合格率 100%")).toEqual([
      ["产出指标", "数量指标(必填)", "培训人次", "≥300人次"],
      ["产出指标", "质量指标(选填)", "合格率", "100%"],
    ]);
  });

  it("reads items numbered (1) or 1) like items numbered 1., restarting under each heading", () => {
    const text =
      "一、产出指标\n(一)数量指标:\n(1)开展集中宣传活动:≥6次\n(2)印发宣传资料:≥5000份\n(二)质量指标:\n(1)病媒生物防制覆盖率:≥85%\n" +
      "二、效益指标 (一)社会效益指标: 1)群众卫生防病意识 明显增强 2)重点人群健康管理水平 有所提升";
    expect(brief(text)).toEqual([
      ["产出指标", "数量指标", "开展集中宣传活动", "≥6次"],
      ["产出指标", "数量指标", "印发宣传资料", "≥5000份"],
      ["产出指标", "质量指标", "病媒生物防制覆盖率", "≥85%"],
      ["效益指标", "社会效益指标", "群众卫生防病意识", "明显增强"],
      ["效益指标", "社会效益指标", "重点人群健康管理水平", "有所提升"],
    ]);
    expect(parseIndicatorList(text).problems).toEqual([]);
  });

  it("never reads a bracketed measure word or the digits of a bracketed year as an item number", () => {
    expect(brief("一、产出指标 (一)数量指标: 1. 解决信访问题 ≥4(批)次 2. 落实(2023)12号文件任务 100%")).toEqual([
      ["产出指标", "数量指标", "解决信访问题", "≥4(批)次"],
      ["产出指标", "数量指标", "落实(2023)12号文件任务", "100%"],
    ]);
  });

  it("reports an unknown level-2 heading, an item without a recognizable value and text before the first heading", () => {
    const { indicators, problems } = parseIndicatorList("说明文字 一、产出指标 (一)效率指标: 1. 办理效率 ≥90% 2. 信访档案整理工作规范化");
    expect(indicators.map((indicator) => [indicator.level2, indicator.level3, indicator.value])).toEqual([
      ["效率指标", "办理效率", "≥90%"],
      ["效率指标", "信访档案整理工作规范化", ""],
    ]);
    expect(problems).toEqual([
      'the text "说明文字" before the first heading could not be read',
      'the level-2 heading "效率指标" is not a known name',
      'the item "信访档案整理工作规范化" has no recognizable value',
    ]);
  });
  it("tells a worded target from a name it ran into (a scan lost the space) by its wording, and says so", () => {
    const { indicators, problems } = parseIndicatorList(
      "一、产出指标(一)时效指标:1.补助资金发放时限每季度 二、效益指标(一)社会效益指标:1.群众诉求办结质量稳步提高2.窗口服务规范程度有所提升(二)可持续影响指标:1.便民服务长效机制健全 2.基层服务站点覆盖率≥95%",
    );
    expect(indicators.map((indicator) => [indicator.level2, indicator.level3, indicator.value])).toEqual([
      ["时效指标", "补助资金发放时限", "每季度"],
      ["社会效益指标", "群众诉求办结质量", "稳步提高"],
      ["社会效益指标", "窗口服务规范程度", "有所提升"],
      ["可持续影响指标", "便民服务长效机制", "健全"],
      ["可持续影响指标", "基层服务站点覆盖率", "≥95%"],
    ]);
    expect(problems).toEqual([
      'the value "每季度" of the item "补助资金发放时限每季度" was told apart from the name by its wording only',
      'the value "稳步提高" of the item "群众诉求办结质量稳步提高" was told apart from the name by its wording only',
      'the value "有所提升" of the item "窗口服务规范程度有所提升" was told apart from the name by its wording only',
      'the value "健全" of the item "便民服务长效机制健全" was told apart from the name by its wording only',
    ]);
  });
  it("reads a heading whose numbering is followed by a point or a comma (a speck a scan read as one)", () => {
    const { indicators, problems } = parseIndicatorList("一、产出指标 (一).数量指标: 1. 印发宣传资料≥2000份 (二)、质量指标: 1. 资料发放到位率100%");
    expect(indicators.map((indicator) => [indicator.level1, indicator.level2, indicator.level3, indicator.value])).toEqual([
      ["产出指标", "数量指标", "印发宣传资料", "≥2000份"],
      ["产出指标", "质量指标", "资料发放到位率", "100%"],
    ]);
    expect(problems).toEqual([]);
  });
});
