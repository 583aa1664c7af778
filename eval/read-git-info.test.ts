import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../test/helpers.js";
import { readGitInfo } from "./read-git-info.js";

describe("readGitInfo", () => {
  it("reads the commit of the repository", async () => {
    expect((await readGitInfo(repoRoot)).commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it("reports no commit, rather than failing, outside a repository", async () => {
    expect(await readGitInfo(mkdtempSync(path.join(tmpdir(), "no-git-")))).toEqual({ commit: null, dirty: null });
  });
});
