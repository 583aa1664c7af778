import { describe, expect, it } from "vitest";
import { makeRow } from "../extractors/rules/test-units.js";
import { keptColumns, readLineHeader } from "./read-line-header.js";

const roles = (text: string) => readLineHeader({ ...makeRow([[0, text]]), table: null, borderless: true }, undefined)?.columns.map((column) => column.role) ?? null;

describe("readLineHeader", () => {
  it("reads a header line whose words kept single spaces", () => {
    expect(roles("绩效指标 一级指标 二级指标 三级指标 指标值")).toEqual(["blockLabel", "level1", "level2", "level3", "value"]);
  });

  it("reads the same line run together with no space, as OCR reads a borderless header", () => {
    expect(roles("绩效指标一级指标二级指标三级指标指标值")).toEqual(["blockLabel", "level1", "level2", "level3", "value"]);
    expect(roles("一级指标二级指标三级指标指标值确定依据")).toEqual(["level1", "level2", "level3", "basis"]);
  });

  it("does not take a line that only mentions header words for a header", () => {
    expect(roles("完成一级指标二级指标三级指标的梳理")).toBeNull();
    expect(roles("产出指标数量指标扶持脱贫村8个")).toBeNull();
  });

  it("gives a run-together header's words no trusted positions", () => {
    expect(keptColumns({ ...makeRow([[0, "一级指标二级指标三级指标指标值"]]), table: null, borderless: true })).toBe(false);
  });
});
