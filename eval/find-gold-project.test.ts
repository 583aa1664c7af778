import { describe, expect, it } from "vitest";
import { findGoldProject } from "./find-gold-project.js";
import { loadAllGold } from "./load-gold.js";

const gold = loadAllGold();

describe("findGoldProject", () => {
  it("tells seed 003's two tables of one name apart by the amount in the table", () => {
    const text = "项目名称 | 政府大型公务活动项目经费\n年度资金总额 | 200000.00";
    const found = findGoldProject(text, "顺平县", gold);
    expect(found?.project.totalAmount).toBe("200000.00");
    expect(found?.index).toBe(4);
  });

  it("prefers the longer name when one project's name is part of another's", () => {
    const found = findGoldProject("项目名称 | 政府重点工作督察经费 | 6.00", null, gold);
    expect(found?.project.projectName).toBe("政府重点工作督察经费");
  });

  it("reads a name wrapped over two lines of a cell", () => {
    const found = findGoldProject("项目名称 | 政务网络、政府办局域网 / 运行维护费 | 8.00", null, gold);
    expect(found?.project.projectName).toBe("政务网络、政府办局域网运行维护费");
  });

  it("refuses to guess between two projects that fit equally well", () => {
    expect(findGoldProject("项目名称 | 政府大型公务活动项目经费", "顺平县", gold)).toBeNull();
    expect(findGoldProject("no project here", null, gold)).toBeNull();
  });
});
