import { execSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";

/**
 * Runs scripts/install-system-deps.sh against fake `dpkg-query`, `apt-get`, `sudo` and `id` on the PATH, so
 * no test ever installs anything: the fakes record each call in a log instead.
 */
function runScript(options: { args?: string[]; env?: Record<string, string>; installed?: boolean; withoutRedis?: boolean }) {
  const bin = mkdtempSync(path.join(tmpdir(), "fake-apt-"));
  const log = path.join(bin, "calls.log");
  const fake = (name: string, body: string) => {
    writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  };
  fake("dpkg-query", options.installed ? 'echo "install ok installed"' : "exit 1");
  fake("apt-get", `echo "apt-get $*" >> "${log}"`);
  fake("sudo", `echo "sudo $1" >> "${log}"; "$@"`);
  fake("id", "echo 1000");
  // A chromium and a redis-server on the PATH, so the packages asked for do not depend on this machine.
  fake("chromium", "exit 0");
  if (!options.withoutRedis) fake("redis-server", "exit 0");
  // Without redis-server: a PATH of the fakes alone (plus what the script runs), as this machine's /usr/bin may hold one.
  if (options.withoutRedis) for (const tool of ["bash", "grep"]) symlinkSync(execSync(`command -v ${tool}`, { encoding: "utf8" }).trim(), path.join(bin, tool));
  const { CI: _ci, ...environment } = process.env;
  const child = spawnSync("/bin/bash", [path.join(repoRoot, "scripts/install-system-deps.sh"), ...(options.args ?? [])], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...environment, PATH: options.withoutRedis ? bin : `${bin}:/usr/bin:/bin`, ...options.env },
  });
  return { status: child.status, output: child.stdout + child.stderr, calls: existsSync(log) ? readFileSync(log, "utf8").trimEnd().split("\n") : [] };
}

describe("scripts/install-system-deps.sh", () => {
  it("on a developer's machine (no CI, no terminal) installs nothing and prints the command, so npm test never runs sudo by surprise", () => {
    const run = runScript({});
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([]);
    expect(run.output).toContain("Missing system packages: fonts-noto-cjk");
    expect(run.output).toContain("`npm run setup`, which runs: sudo apt-get update && sudo apt-get install --no-install-recommends fonts-noto-cjk");
  });

  it("in CI installs what is missing, with sudo when not root", () => {
    const run = runScript({ env: { CI: "true" } });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual(["sudo apt-get", "apt-get update -qq", "sudo apt-get", "apt-get install -y -qq --no-install-recommends fonts-noto-cjk"]);
  });

  it("installs when asked with --install (npm run setup), Tesseract too with --tesseract", () => {
    const run = runScript({ args: ["--install", "--tesseract"] });
    expect(run.status).toBe(0);
    expect(run.calls.at(-1)).toBe("apt-get install -y -qq --no-install-recommends fonts-noto-cjk tesseract-ocr tesseract-ocr-chi-sim");
  });

  it("in CI installs redis-server for the queue tests when no redis-server is on the PATH", () => {
    const run = runScript({ env: { CI: "true" }, withoutRedis: true });
    expect(run.status).toBe(0);
    expect(run.calls.at(-1)).toBe("apt-get install -y -qq --no-install-recommends fonts-noto-cjk redis-server");
  });

  it("does nothing, not even apt-get update, when everything is there", () => {
    const run = runScript({ env: { CI: "true" }, installed: true });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([]);
    expect(run.output).toContain("nothing to install");
  });
});
