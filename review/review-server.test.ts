import { spawnSync } from "node:child_process";
import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../pipeline/config.js";
import { runPipeline } from "../pipeline/run-pipeline.js";
import { FIXTURE_PDFS, repoRoot } from "../test/helpers.js";
import { resolveReviewOptions, type ReviewCliOptions } from "./review-options.js";
import { startReviewServer, type ReviewServer } from "./review-server.js";
import { copyRun, ingest, PERCENT_RECORD_SUFFIX, recordId, temporaryDirectory } from "./test-run.js";

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  readonly text: string;
}

/** A raw HTTP request: the path is sent exactly as given (fetch would resolve `..` before sending). */
function send(server: ReviewServer, method: string, requestPath: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port: server.port, method, path: requestPath, headers: { Host: `127.0.0.1:${server.port}`, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const all = Buffer.concat(chunks);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: all, text: all.toString("utf8") });
      });
    });
    request.on("error", reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

/** The page's CSRF token, read from the page as the browser would. */
async function csrfToken(server: ReviewServer): Promise<string> {
  const page = await send(server, "GET", "/");
  const match = /<meta name="review-csrf" content="([0-9a-f]{64})">/.exec(page.text);
  if (!match?.[1]) throw new Error("no CSRF token in the page");
  return match[1];
}

/** A POST as the page sends it: same origin, CSRF header, JSON. */
async function post(server: ReviewServer, requestPath: string, body: unknown, override: Record<string, string> = {}): Promise<Reply> {
  const headers = { Origin: `http://127.0.0.1:${server.port}`, "Content-Type": "application/json", "X-Review-CSRF": await csrfToken(server), ...override };
  return send(server, "POST", requestPath, headers, JSON.stringify(body));
}

let sampleRun: string;
const servers: ReviewServer[] = [];

beforeAll(async () => {
  sampleRun = await ingest();
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(runDir: string, options: Partial<ReviewCliOptions> = {}, now = () => new Date("2025-03-04T05:06:07.000Z")): Promise<ReviewServer> {
  const server = await startReviewServer(
    resolveReviewOptions({ runDir, port: 0, reviewer: "alice", goldDir: temporaryDirectory("gold-"), ...options }, {}),
    { now },
  );
  servers.push(server);
  return server;
}

describe("review server: what it serves", () => {
  it("serves the page with a strict Content-Security-Policy and the per-server CSRF token in a meta tag", async () => {
    const server = await start(copyRun(sampleRun));
    const page = await send(server, "GET", "/");
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page.headers["content-security-policy"]).toContain("require-trusted-types-for 'script'");
    expect(page.headers["content-security-policy"]).not.toContain("unsafe-inline");
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
    expect(page.headers["x-frame-options"]).toBe("DENY");
    expect(page.text).toMatch(/<meta name="review-csrf" content="[0-9a-f]{64}">/);
    expect(page.text).not.toContain("__REVIEW_CSRF_TOKEN__");
  });

  it("refuses path traversal: no URL reaches a file outside the page's own assets and the records' PDFs", async () => {
    const runDir = copyRun(sampleRun);
    const server = await start(runDir);
    const id = recordId(runDir, PERCENT_RECORD_SUFFIX);
    const attempts = [
      "/../package.json",
      "/../../../../etc/passwd",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/app.js/../../records.jsonl",
      "/records.jsonl",
      "/review.sqlite",
      "//etc/passwd",
      "/..%2F..%2Fpackage.json",
      "/api/records/..%2F..%2Fpackage.json",
      "/api/records/..%2Frecords.jsonl",
      "/api/records/%2Fetc%2Fpasswd/document.pdf",
      `/api/records/${id}/pages/..%2F..%2F..%2Fpackage.json`,
      `/api/records/${id}/../../records.jsonl`,
      "/api/records/..%252F..%252Fpackage.json/document.pdf",
      `/api/records/${encodeURIComponent(FIXTURE_PDFS.grid)}/document.pdf`,
    ];
    for (const attempt of attempts) {
      const reply = await send(server, "GET", attempt);
      expect([400, 404], attempt).toContain(reply.status);
      expect(reply.text, attempt).not.toContain("disclosure-ingest");
      expect(reply.text, attempt).not.toContain("root:");
      expect(reply.text, attempt).not.toContain('"evidence"');
      expect(reply.headers["content-type"], attempt).toContain("application/json");
    }
  });

  it("serves a record's PDF by record id only, as a download; an unknown id is 404", async () => {
    const runDir = copyRun(sampleRun);
    const server = await start(runDir);
    const pdf = await send(server, "GET", `/api/records/${recordId(runDir, PERCENT_RECORD_SUFFIX)}/document.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.headers["content-disposition"]).toMatch(/^attachment; filename="seed-003-vertical.pdf"/);
    expect(pdf.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect((await send(server, "GET", "/api/records/0000000000000000-000/document.pdf")).status).toBe(404);
  });

  it("renders a page of the record's document as PNG; a page the document does not have is 404", async () => {
    const runDir = copyRun(sampleRun);
    const server = await start(runDir);
    const id = recordId(runDir, PERCENT_RECORD_SUFFIX);
    const png = await send(server, "GET", `/api/records/${id}/pages/5`);
    expect(png.status).toBe(200);
    expect(png.headers["content-type"]).toBe("image/png");
    expect(png.body.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect((await send(server, "GET", `/api/records/${id}/pages/99`)).status).toBe(404);
    expect((await send(server, "GET", `/api/records/${id}/pages/0`)).status).toBe(404);
    expect((await send(server, "GET", `/api/records/${id}/pages/-1`)).status).toBe(404);
  });

  it("refuses a PDF that changed since the run instead of showing pages that do not match the evidence", async () => {
    const runDir = copyRun(sampleRun);
    const { readFileSync, writeFileSync, copyFileSync } = await import("node:fs");
    const moved = path.join(temporaryDirectory("moved-"), "seed-003-vertical.pdf");
    copyFileSync(FIXTURE_PDFS.vertical, moved);
    writeFileSync(moved, Buffer.concat([readFileSync(moved), Buffer.from("\n% changed\n")]));
    // Point the run's records at the changed copy.
    for (const name of ["records.jsonl"]) {
      const file = path.join(runDir, name);
      writeFileSync(file, readFileSync(file, "utf8").replaceAll(JSON.stringify(FIXTURE_PDFS.vertical), JSON.stringify(moved)));
    }
    const server = await start(runDir);
    const reply = await send(server, "GET", `/api/records/${recordId(runDir, PERCENT_RECORD_SUFFIX)}/pages/5`);
    expect(reply.status).toBe(410);
    expect(JSON.parse(reply.text).error.message).toMatch(/has changed since the run/);
  });
});

describe("review server: requests that could come from another site", () => {
  it("refuses a POST without the CSRF token, and stores nothing", async () => {
    const runDir = copyRun(sampleRun);
    const server = await start(runDir);
    const id = recordId(runDir, PERCENT_RECORD_SUFFIX);
    const withoutHeader = await send(server, "POST", `/api/records/${id}/decision`, { Origin: `http://127.0.0.1:${server.port}`, "Content-Type": "application/json" }, JSON.stringify({ action: "accept" }));
    expect(withoutHeader.status).toBe(403);
    const wrongToken = await post(server, `/api/records/${id}/decision`, { action: "accept" }, { "X-Review-CSRF": "0".repeat(64) });
    expect(wrongToken.status).toBe(403);
    const record = JSON.parse((await send(server, "GET", `/api/records/${id}`)).text);
    expect(record.decision).toBeNull();
  });

  it("refuses a POST from a foreign Origin or without one, even with the right CSRF token", async () => {
    const runDir = copyRun(sampleRun);
    const server = await start(runDir);
    const id = recordId(runDir, PERCENT_RECORD_SUFFIX);
    for (const origin of ["http://evil.example", `http://localhost.evil.example:${server.port}`, "null", `https://127.0.0.1:${server.port}`]) {
      const reply = await post(server, `/api/records/${id}/decision`, { action: "accept" }, { Origin: origin });
      expect(reply.status, origin).toBe(403);
    }
    const token = await csrfToken(server);
    const noOrigin = await send(server, "POST", `/api/records/${id}/decision`, { "Content-Type": "application/json", "X-Review-CSRF": token }, JSON.stringify({ action: "accept" }));
    expect(noOrigin.status).toBe(403);
    const crossSite = await post(server, `/api/records/${id}/decision`, { action: "accept" }, { "Sec-Fetch-Site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect(JSON.parse((await send(server, "GET", `/api/records/${id}`)).text).decision).toBeNull();
  });

  it("refuses a POST that is not JSON, as a cross-site form would send it", async () => {
    const runDir = copyRun(sampleRun);
    const server = await start(runDir);
    const id = recordId(runDir, PERCENT_RECORD_SUFFIX);
    const form = await post(server, `/api/records/${id}/decision`, { action: "accept" }, { "Content-Type": "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    const plain = await post(server, `/api/records/${id}/decision`, { action: "accept" }, { "Content-Type": "text/plain" });
    expect(plain.status).toBe(415);
  });

  it("answers only to this machine's host names, which defeats DNS rebinding", async () => {
    const server = await start(copyRun(sampleRun));
    expect((await send(server, "GET", "/api/queue", { Host: "evil.example" })).status).toBe(403);
    expect((await send(server, "GET", "/api/queue", { Host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await send(server, "GET", "/api/queue", { Host: `localhost:${server.port}` })).status).toBe(200);
  });

  it("answers other methods with 405", async () => {
    const server = await start(copyRun(sampleRun));
    for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS"]) expect((await send(server, method, "/api/queue")).status, method).toBe(405);
  });

  it("with a token, refuses requests without it; ?token= opens a session cookie and takes the token out of the address", async () => {
    const token = "a-long-enough-test-token-0123456789";
    const server = await start(copyRun(sampleRun), { token });
    expect((await send(server, "GET", "/")).status).toBe(401);
    expect((await send(server, "GET", "/api/queue")).status).toBe(401);
    expect((await send(server, "GET", "/?token=wrong-token-of-sufficient-length")).status).toBe(401);
    expect((await send(server, "GET", "/api/queue", { Authorization: `Bearer ${token}` })).status).toBe(200);

    const login = await send(server, "GET", `/?token=${token}`);
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe("/");
    const cookie = String(login.headers["set-cookie"]).split(";")[0]!;
    expect(login.headers["set-cookie"]?.toString()).toMatch(/HttpOnly; SameSite=Strict/);
    expect(cookie).not.toContain(token);
    expect((await send(server, "GET", "/api/queue", { Cookie: cookie })).status).toBe(200);
  });
});

describe("review server: start-up", () => {
  it("refuses to bind to 0.0.0.0 without a token, and says how to fix it", () => {
    expect(() => resolveReviewOptions({ runDir: sampleRun, host: "0.0.0.0" }, {})).toThrow(/Refusing to listen on 0\.0\.0\.0 without a token/);
    expect(() => resolveReviewOptions({ runDir: sampleRun, host: "::" }, {})).toThrow(/without a token/);
    expect(resolveReviewOptions({ runDir: sampleRun, host: "0.0.0.0" }, { REVIEW_TOKEN: "a-long-enough-test-token-0123456789" }).token).not.toBeNull();

    const cli = spawnSync(process.execPath, ["--import", "tsx", path.join(repoRoot, "bin/review.ts"), sampleRun, "--host", "0.0.0.0", "--port", "0"], {
      cwd: repoRoot,
      encoding: "utf8",
      env: { ...process.env, REVIEW_TOKEN: "" },
      timeout: 60_000,
    });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/Refusing to listen on 0\.0\.0\.0 without a token/);
  });

  it("binds to 127.0.0.1 by default", async () => {
    const options = resolveReviewOptions({ runDir: sampleRun }, {});
    expect(options.host).toBe("127.0.0.1");
    expect(options.token).toBeNull();
  });
});

describe("review server: decisions", () => {
  it("stores a correction with the reviewer and the time, re-validated, and it survives a restart", async () => {
    const runDir = copyRun(sampleRun);
    const id = recordId(runDir, PERCENT_RECORD_SUFFIX);
    const first = await start(runDir);
    const saved = await post(first, `/api/records/${id}/decision`, { action: "correct", note: "typo for 100", edits: { "indicators.2.value": "100百分比" } });
    expect(saved.status).toBe(200);
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    const second = await start(runDir);
    const view = JSON.parse((await send(second, "GET", `/api/records/${id}`)).text);
    expect(view.decision).toMatchObject({ action: "correct", reviewer: "alice", decidedAt: "2025-03-04T05:06:07.000Z", note: "typo for 100", stale: false });
    expect(view.record.indicators[2].value).toMatchObject({ raw: "100百分比", number: "100", unit: "%" });
    expect(view.record.flags.map((flag: { code: string }) => flag.code)).not.toContain("value_percent_over_100");
    expect(view.resolvedFlags.map((flag: { code: string }) => flag.code)).toContain("value_percent_over_100");
    const queue = JSON.parse((await send(second, "GET", "/api/queue")).text);
    expect(queue.entries.find((entry: { id: string }) => entry.id === id).status).toBe("correct");
    expect(queue.counts.correct).toBe(1);
    expect(existsSync(path.join(runDir, "review.sqlite"))).toBe(true);
  });

  it("keeps decisions when the pipeline is run again into the same run directory", async () => {
    const runDir = copyRun(sampleRun);
    const id = recordId(runDir, PERCENT_RECORD_SUFFIX);
    const first = await start(runDir);
    expect((await post(first, `/api/records/${id}/decision`, { action: "accept", note: "checked" })).status).toBe(200);
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    await runPipeline(resolveConfig({ inputs: [FIXTURE_PDFS.vertical], out: runDir, progress: "none" }, {}, false));
    const second = await start(runDir);
    const view = JSON.parse((await send(second, "GET", `/api/records/${id}`)).text);
    expect(view.decision).toMatchObject({ action: "accept", note: "checked", stale: false });
  });

  it("refuses a correction the record schema rejects, with the issue on its field, and stores nothing", async () => {
    const runDir = copyRun(sampleRun);
    const id = recordId(runDir, PERCENT_RECORD_SUFFIX);
    const server = await start(runDir);
    const reply = await post(server, `/api/records/${id}/decision`, { action: "correct", edits: { "money.unit": "美元" } });
    expect(reply.status).toBe(422);
    expect(JSON.parse(reply.text).error.issues).toEqual([expect.objectContaining({ path: "money.unit" })]);
    const unknownField = await post(server, `/api/records/${id}/decision`, { action: "correct", edits: { "extraction.model": "x" } });
    expect(unknownField.status).toBe(400);
    expect(JSON.parse((await send(server, "GET", `/api/records/${id}`)).text).decision).toBeNull();
  });

  it("checks corrections live without storing them", async () => {
    const runDir = copyRun(sampleRun);
    const id = recordId(runDir, PERCENT_RECORD_SUFFIX);
    const server = await start(runDir);
    const reply = JSON.parse((await post(server, `/api/records/${id}/check`, { edits: { "indicators.2.value": "100%" } })).text);
    expect(reply.ok).toBe(true);
    expect(reply.editedPaths).toEqual(["indicators.2.value"]);
    expect(reply.resolvedFlags.map((flag: { code: string }) => flag.code)).toEqual(["value_percent_over_100"]);
    const invalid = JSON.parse((await post(server, `/api/records/${id}/check`, { edits: { "money.unit": "USD" } })).text);
    expect(invalid).toMatchObject({ ok: false, issues: [{ path: "money.unit" }] });
    expect(JSON.parse((await send(server, "GET", `/api/records/${id}`)).text).decision).toBeNull();
  });

  it("needs a note to reject", async () => {
    const runDir = copyRun(sampleRun);
    const id = recordId(runDir, PERCENT_RECORD_SUFFIX);
    const server = await start(runDir);
    expect((await post(server, `/api/records/${id}/decision`, { action: "reject", note: "  " })).status).toBe(400);
    expect((await post(server, `/api/records/${id}/decision`, { action: "reject", note: "not a project: a subtotal row" })).status).toBe(200);
  });

  it("promotes an accepted record to gold, and refuses one nobody decided", async () => {
    const runDir = copyRun(sampleRun);
    const id = recordId(runDir, PERCENT_RECORD_SUFFIX);
    const goldDir = temporaryDirectory("gold-");
    const server = await start(runDir, { goldDir });
    expect((await post(server, `/api/records/${id}/promote`, {})).status).toBe(409);
    await post(server, `/api/records/${id}/decision`, { action: "accept" });
    const promoted = await post(server, `/api/records/${id}/promote`, {});
    expect(promoted.status).toBe(200);
    expect(existsSync(path.join(goldDir, `${id.slice(0, 16)}.gold.json`))).toBe(true);
  });
});

describe("review server: flags, bulk actions, search", () => {
  it("dismisses one flag as a false positive, and a bulk action by code stores one verdict per record with the reviewer and the time", async () => {
    const runDir = copyRun(sampleRun);
    const id = recordId(runDir, PERCENT_RECORD_SUFFIX);
    const server = await start(runDir);

    const single = await post(server, `/api/records/${id}/flags`, { code: "value_percent_over_100", path: "indicators.2.value", verdict: "false_positive", note: "the page says 1000" });
    expect(single.status).toBe(200);
    expect(JSON.parse(single.text).flagVerdicts["value_percent_over_100 indicators.2.value"]).toMatchObject({ verdict: "false_positive", reviewer: "alice", bulk: false });
    expect((await post(server, `/api/records/${id}/flags`, { code: "value_percent_over_100", path: "money.total", verdict: "false_positive" })).status).toBe(404);

    // Two records carry duplicate_project_name (an info flag: only with `all`).
    const bulk = await post(server, "/api/bulk", { code: "duplicate_project_name", action: "false_positive", note: "two years of one project", filters: { all: true } });
    expect(bulk.status).toBe(200);
    expect(JSON.parse(bulk.text)).toMatchObject({ applied: 2, skipped: 0 });
    const database = new Database(path.join(runDir, "review.sqlite"), { readonly: true });
    const rows = database.prepare("SELECT record_id, code, verdict, reviewer, decided_at, bulk_id FROM flag_verdicts WHERE code = 'duplicate_project_name'").all() as Array<Record<string, string>>;
    database.close();
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((row) => row.record_id)).size).toBe(2);
    expect(rows.every((row) => row.reviewer === "alice" && row.decided_at === "2025-03-04T05:06:07.000Z" && row.bulk_id === rows[0]!.bulk_id && row.bulk_id !== null)).toBe(true);

    const queue = JSON.parse((await send(server, "GET", "/api/queue?all=1&code=duplicate_project_name")).text);
    expect(queue.entries.flatMap((entry: { flags: Array<{ code: string; verdict: string | null }> }) => entry.flags.filter((flag) => flag.code === "duplicate_project_name").map((flag) => flag.verdict))).toEqual(["false_positive", "false_positive"]);
  });

  it("accepts in bulk only the records nobody has decided, and a bulk reject needs a note", async () => {
    const runDir = copyRun(sampleRun);
    const id = recordId(runDir, PERCENT_RECORD_SUFFIX);
    const server = await start(runDir);
    await post(server, `/api/records/${id}/decision`, { action: "correct", note: "typo", edits: { "indicators.2.value": "100百分比" } });
    expect((await post(server, "/api/bulk", { code: "duplicate_project_name", action: "reject", filters: { all: true } })).status).toBe(400);
    const accepted = JSON.parse((await post(server, "/api/bulk", { code: "duplicate_project_name", action: "accept", filters: { all: true } })).text);
    expect(accepted).toMatchObject({ applied: 1, skipped: 1 });
    expect(JSON.parse((await send(server, "GET", `/api/records/${id}`)).text).decision.action).toBe("correct");
    expect((await post(server, "/api/bulk", { code: "no_such_code", action: "accept" })).status).toBe(404);
    expect((await send(server, "POST", "/api/bulk", { "Content-Type": "application/json" }, JSON.stringify({ code: "duplicate_project_name", action: "accept" }))).status).toBe(403);
  });

  it("searches the queue on the server, pages it, and lists documents with their progress", async () => {
    const server = await start(copyRun(sampleRun));
    const found = JSON.parse((await send(server, "GET", `/api/queue?q=${encodeURIComponent("防贫保险")}`)).text);
    expect(found.entries.map((entry: { project: string }) => entry.project)).toEqual(["2021年防贫保险救助资金"]);
    const byCode = JSON.parse((await send(server, "GET", "/api/queue?q=value_cost")).text);
    expect(byCode.total).toBe(1);
    const paged = JSON.parse((await send(server, "GET", "/api/queue?all=1&limit=2&offset=2")).text);
    expect(paged).toMatchObject({ total: 6, offset: 2, limit: 2 });
    expect(paged.entries).toHaveLength(2);
    expect((await send(server, "GET", "/api/queue?limit=0")).status).toBe(400);
    const documents = JSON.parse((await send(server, "GET", "/api/documents?q=vertical")).text);
    expect(documents.documents).toEqual([expect.objectContaining({ name: "seed-003-vertical.pdf", total: 2, reviewed: 0, remaining: 2 })]);
    const first = found.entries[0].id;
    const next = JSON.parse((await send(server, "GET", `/api/records/${encodeURIComponent(first)}/neighbour?direction=previous`)).text);
    expect(typeof next.id).toBe("string");
    expect(JSON.parse((await send(server, "GET", `/api/records/${encodeURIComponent(next.id)}/neighbour?direction=next`)).text).id).toBe(first);
  });
});
