import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../test/helpers.js";
import { resolveReviewOptions } from "./review-options.js";
import { startReviewServer, type ReviewServer } from "./review-server.js";
import { copyRun, HOSTILE_NAME, ingest, PERCENT_RECORD_SUFFIX, plantHostileText, recordId, temporaryDirectory } from "./test-run.js";

/**
 * The review page in a real browser: Debian's Chromium driven by playwright-core (which never downloads a
 * browser). Not skipped when Chromium is missing: CI installs it with scripts/install-system-deps.sh, and a
 * test that silently skips would let the page break unnoticed.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
/** Kept by CI as an artifact: what the record page looked like after the correction. */
const SCREENSHOT = path.join(repoRoot, "test-artifacts", "review.png");
/** The queue in Chinese with a bulk action on a flag code open. */
const QUEUE_SCREENSHOT = path.join(repoRoot, "test-artifacts", "review-queue.png");
/** A record in Chinese: flags with the catalogue's titles and explanations, one dismissed in bulk. */
const FLAGS_SCREENSHOT = path.join(repoRoot, "test-artifacts", "review-flags.png");

let server: ReviewServer;
let browser: BrowserContext;
let percentId: string;
let hostileId: string;
/** Errors the page threw or logged: any is a failure. */
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not at ${CHROMIUM}: run scripts/install-system-deps.sh (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary`);
  }
  const runDir = copyRun(await ingest());
  percentId = recordId(runDir, PERCENT_RECORD_SUFFIX);
  hostileId = plantHostileText(runDir);
  server = await startReviewServer(resolveReviewOptions({ runDir, port: 0, reviewer: "e2e-analyst", goldDir: temporaryDirectory("gold-") }, {}));
  browser = await chromium.launchPersistentContext(temporaryDirectory("chromium-profile-"), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1500, height: 950 },
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page in English (the page's default is Chinese); `zh` keeps the default. */
async function openPage(language: "en" | "zh" = "en"): Promise<Page> {
  const page = await browser.newPage();
  await page.addInitScript((chosen) => {
    localStorage.setItem("review-language", chosen);
    sessionStorage.removeItem("review-filters");
  }, language);
  page.on("pageerror", (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(`console: ${message.text()}`);
  });
  page.on("dialog", (dialog) => void dialog.dismiss());
  return page;
}

async function pageImageLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const image = document.querySelector<HTMLImageElement>(".page-image");
    return image !== null && image.complete && image.naturalWidth > 0;
  });
}

describe("review page in Chromium", () => {
  it("opens the queue and a flagged record, corrects a value, accepts it, and after a reload shows the correction kept and the flag resolved", async () => {
    const page = await openPage();
    await page.goto(server.url);

    // The queue: counts at the top, errors first.
    await page.locator(".counts").waitFor();
    expect(await page.locator(".count.total .count-value").textContent()).toBe("2");
    const firstRow = page.locator("tr.queue-row").first();
    expect(await firstRow.locator(".severity").textContent()).toBe("error");

    // Filter by flag code, then open the record.
    await page.selectOption('select[name="code"]', "value_percent_over_100");
    await expect.poll(() => page.locator("tr.queue-row").count()).toBe(1);
    await page.locator(`tr[data-id="${percentId}"] a`).click();
    await page.locator(".record-form").waitFor();
    await pageImageLoaded(page);

    // The page shows the flagged value's cell, highlighted; the flag sits beside its field.
    await page.locator(".highlight").waitFor({ state: "visible" });
    expect(await page.locator(".evidence-caption q").textContent()).toBe("1000百分比");
    const valueCell = page.locator('[data-field="indicators.2.value"]');
    expect(await valueCell.getAttribute("class")).toContain("flag-error");
    expect(await page.locator('tr[data-indicator="2"] + tr.indicator-flag-row').textContent()).toContain("value_percent_over_100");

    // Correct the value: the rules re-run live and the flag resolves before anything is saved.
    await page.locator('[name="indicators.2.value"]').fill("100百分比");
    await page.locator('.flag.resolved[data-code="value_percent_over_100"]').waitFor();
    expect(await valueCell.getAttribute("class")).not.toContain("flag-error");
    expect(await page.locator("#accept").textContent()).toContain("Accept with 1 correction");

    // Accept with the keyboard: leave the field, then `a`.
    await page.keyboard.press("Escape");
    await page.keyboard.press("a");
    await page.locator(".decision-status.correct").waitFor();
    expect(await page.locator(".decision-status").textContent()).toContain("e2e-analyst");

    // Reload: the correction and its decision come back from the server.
    await page.reload();
    await page.locator(".decision-status.correct").waitFor();
    await pageImageLoaded(page);
    expect(await page.locator('[name="indicators.2.value"]').inputValue()).toBe("100百分比");
    expect(await page.locator(".flag-list .flag:not(.resolved)").allTextContents()).not.toContainEqual(expect.stringContaining("value_percent_over_100"));
    await page.locator('.flag.resolved[data-code="value_percent_over_100"]').waitFor();
    expect(await page.locator('[data-field="indicators.2.value"] .was').textContent()).toBe("pipeline read: 1000百分比");

    // The artifact shows the corrected field with its source cell highlighted on the page.
    await page.locator('[name="indicators.2.value"]').focus();
    await page.waitForTimeout(700);
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    // Escape leaves the field, a second Escape goes back to the queue, where the record is marked corrected.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    await page.locator(".queue").waitFor();
    await page.selectOption('select[name="code"]', "");
    await expect.poll(() => page.locator("tr.queue-row").count()).toBe(2);
    expect(await page.locator(`tr[data-id="${percentId}"] .status`).textContent()).toBe("Corrected");
    expect(await page.locator(".count.correct .count-value").textContent()).toBe("1");
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("moves to the next and previous record with j and k", async () => {
    const page = await openPage();
    await page.goto(server.url);
    await page.locator("tr.queue-row").first().waitFor();
    const ids = await page.locator("tr.queue-row").evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.id));
    await page.keyboard.press("Enter");
    await page.locator(".record-form").waitFor();
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/records/${ids[0]}`);
    const showing = (id: string | undefined) => page.waitForFunction((expected) => document.querySelector(".record-meta code")?.textContent === expected, id);
    await showing(ids[0]);
    await page.keyboard.press("j");
    await showing(ids[1]);
    await page.keyboard.press("k");
    await showing(ids[0]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("shows markup in document text as text and never runs it", async () => {
    const page = await openPage();
    await page.goto(server.url);
    await page.locator("tr.queue-row").first().waitFor();

    // In the queue: the name is visible, literally.
    const cell = page.locator(`tr[data-id="${hostileId}"] .project a`);
    expect(await cell.textContent()).toBe(HOSTILE_NAME);
    expect(await cell.isVisible()).toBe(true);

    // On the record: title, form field and flag message.
    await cell.click();
    await page.locator(".record-form").waitFor();
    await pageImageLoaded(page);
    expect(await page.locator(".record-title").textContent()).toBe(HOSTILE_NAME);
    expect(await page.locator('[name="project.name"]').inputValue()).toBe(HOSTILE_NAME);
    expect(await page.locator(".flag-list").textContent()).toContain(HOSTILE_NAME);
    expect(await page.getByText(HOSTILE_NAME, { exact: true }).first().isVisible()).toBe(true);

    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("in Chinese: searches by project name, flag code and document, the document picker asking the server", async () => {
    const page = await openPage("zh");
    await page.goto(server.url);
    await page.locator("tr.queue-row").first().waitFor();
    expect(await page.locator(".brand").textContent()).toBe("审核队列");
    expect(await page.locator(`tr[data-id="${percentId}"] .chip[data-code="value_percent_over_100"]`).textContent()).toBe("比率类指标超过 100%");

    await page.locator('input[name="q"]').fill("大型公务");
    await expect.poll(() => page.locator("tr.queue-row").count()).toBe(1);
    expect(await page.locator("tr.queue-row").first().getAttribute("data-id")).toBe(percentId);
    await page.locator('input[name="q"]').fill("value_cost");
    await expect.poll(() => page.locator("tr.queue-row").first().getAttribute("data-id")).toBe(hostileId);
    expect(await page.locator("tr.queue-row").count()).toBe(1);
    await page.locator('input[name="q"]').fill("");
    await expect.poll(() => page.locator("tr.queue-row").count()).toBe(2);

    // The document picker: type part of a name, pick it from the server's answer, with its progress.
    await page.locator('input[name="document-search"]').fill("vertical");
    const option = page.locator(".document-option", { hasText: "seed-003-vertical.pdf" });
    await option.waitFor();
    expect(await option.locator(".document-progress").textContent()).toMatch(/已审 \d+ \/ 剩余 \d+/);
    await option.click();
    await expect.poll(() => page.evaluate(() => JSON.parse(sessionStorage.getItem("review-filters") ?? "{}").document)).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.locator("tr.queue-row").count()).toBe(2);
    await page.locator('input[name="document-search"]').fill("no-such-document");
    await page.locator(".document-total", { hasText: "共 0 个文件" }).waitFor();
    expect(await page.locator(".progress-text").textContent()).toMatch(/已审 \d+ \/ 剩余 \d+（共 2）/);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("dismisses a flag code as a false positive on every record in one bulk action, and one flag on its own", async () => {
    const page = await openPage("zh");
    await page.goto(server.url);
    await page.locator("tr.queue-row").first().waitFor();
    await page.locator('input[name="all"]').check();
    await expect.poll(() => page.locator("tr.queue-row").count()).toBe(6);
    await page.selectOption('select[name="code"]', "duplicate_project_name");
    await expect.poll(() => page.locator("tr.queue-row").count()).toBe(2);

    const bulk = page.locator(".bulk-bar");
    expect(await bulk.locator(".bulk-title").textContent()).toContain("2 条带“项目名称重复”标记的记录");
    await bulk.locator('input[name="bulk-note"]').fill("同名项目分属两个年度");
    await bulk.locator('button[data-bulk="false_positive"]').click();
    mkdirSync(path.dirname(QUEUE_SCREENSHOT), { recursive: true });
    await page.screenshot({ path: QUEUE_SCREENSHOT });
    await bulk.locator(".bulk-go").click();
    await expect.poll(() => page.locator('.chip.dismissed[data-code="duplicate_project_name"]').count()).toBe(2);

    // On a record, the verdict is there with who and when; a single flag can be dismissed too.
    await page.locator(`tr[data-id="${percentId}"] a`).click();
    await page.locator(".record-form").waitFor();
    const dismissed = page.locator('.flag-list .flag[data-code="duplicate_project_name"]');
    expect(await dismissed.locator(".verdict").textContent()).toMatch(/^已标为误报：e2e-analyst，.+（批量）$/);
    expect(await dismissed.locator(".flag-title").textContent()).toBe("项目名称重复");
    await pageImageLoaded(page);
    await page.screenshot({ path: FLAGS_SCREENSHOT });
    await page.goto(`${server.url}#/records/${encodeURIComponent(hostileId)}`);
    await page.locator(".record-form").waitFor();
    const unit = page.locator('.flag-list .flag[data-code="value_unit_unknown"]');
    await unit.locator(".dismiss-flag").click();
    await unit.locator(".verdict.false_positive").waitFor();
    expect(await unit.locator(".verdict").textContent()).not.toContain("批量");
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("opens the next record of the queue as filtered after accepting one", async () => {
    const page = await openPage();
    await page.goto(server.url);
    await page.locator("tr.queue-row").first().waitFor();
    await page.locator('input[name="all"]').check();
    await page.selectOption('select[name="status"]', "todo");
    await expect.poll(() => page.locator("tr.queue-row").count()).toBeGreaterThan(2);
    const ids = await page.locator("tr.queue-row").evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.id));
    await page.locator(`tr[data-id="${ids[0]}"] a`).click();
    await page.locator(".record-form").waitFor();
    await page.locator("#accept").click();
    await page.waitForFunction((expected) => document.querySelector(".record-meta code")?.textContent === expected, ids[1]);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/records/${ids[1]}`);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
