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
});
