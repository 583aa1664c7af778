import path from "node:path";
import { describe, expect, it } from "vitest";
import { ReviewConfigError } from "./review-errors.js";
import { isLoopback, resolveReviewOptions } from "./review-options.js";
import { temporaryDirectory } from "./test-run.js";
import { writeFileSync } from "node:fs";

function runDirectory(): string {
  const runDir = temporaryDirectory("options-run-");
  writeFileSync(path.join(runDir, "records.jsonl"), "");
  return runDir;
}

describe("resolveReviewOptions", () => {
  it("listens on 127.0.0.1:8377 without a token, and keeps decisions in RUN_DIR/review.sqlite", () => {
    const runDir = runDirectory();
    const options = resolveReviewOptions({ runDir, reviewer: "alice" }, {});
    expect(options).toMatchObject({ host: "127.0.0.1", port: 8377, token: null, reviewer: "alice", databaseFile: path.join(runDir, "review.sqlite"), renderScale: 2 });
  });

  it("refuses any non-loopback address without a token, and accepts it with one from the flag or REVIEW_TOKEN", () => {
    const runDir = runDirectory();
    for (const host of ["0.0.0.0", "::", "192.168.1.20"]) {
      expect(() => resolveReviewOptions({ runDir, host, reviewer: "alice" }, {}), host).toThrow(ReviewConfigError);
    }
    expect(resolveReviewOptions({ runDir, host: "0.0.0.0", reviewer: "alice", token: "0123456789abcdef" }, {}).token).toBe("0123456789abcdef");
    expect(resolveReviewOptions({ runDir, host: "0.0.0.0", reviewer: "alice" }, { REVIEW_TOKEN: "0123456789abcdef" }).token).toBe("0123456789abcdef");
  });

  it("refuses a short token, a bad port, a host name that is not an address, and a missing run directory", () => {
    const runDir = runDirectory();
    expect(() => resolveReviewOptions({ runDir, token: "short" }, {})).toThrow(/at least 16 characters/);
    expect(() => resolveReviewOptions({ runDir, port: "80a" }, {})).toThrow(/Expected `--port`/);
    expect(() => resolveReviewOptions({ runDir, port: 70_000 }, {})).toThrow(/Expected `--port`/);
    expect(() => resolveReviewOptions({ runDir, host: "example.com" }, {})).toThrow(/IP address or localhost/);
    expect(() => resolveReviewOptions({ runDir: path.join(runDir, "missing") }, {})).toThrow(/does not exist/);
    expect(() => resolveReviewOptions({ runDir: temporaryDirectory("empty-") }, {})).toThrow(/no records.jsonl/);
  });

  it("takes the reviewer from --reviewer, then REVIEWER", () => {
    const runDir = runDirectory();
    expect(resolveReviewOptions({ runDir, reviewer: "alice" }, { REVIEWER: "bob" }).reviewer).toBe("alice");
    expect(resolveReviewOptions({ runDir }, { REVIEWER: "bob" }).reviewer).toBe("bob");
    expect(() => resolveReviewOptions({ runDir, reviewer: "x".repeat(101) }, {})).toThrow(/at most 100/);
  });

  it("knows the loopback addresses", () => {
    expect(["127.0.0.1", "127.1.2.3", "::1", "localhost"].every(isLoopback)).toBe(true);
    expect(["0.0.0.0", "::", "10.0.0.1", "128.0.0.1"].some(isLoopback)).toBe(false);
  });
});
