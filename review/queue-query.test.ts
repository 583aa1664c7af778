import { describe, expect, it } from "vitest";
import { DocumentQuerySchema, matchesQueueFilters, neighbourOf, queryDocuments, queryQueue, QueueQuerySchema } from "./queue-query.js";
import type { QueueEntryView } from "./review-views.js";

/** A run of `documents` documents with `perDocument` queued records each, the first of each document decided. */
function entries(documents: number, perDocument: number): QueueEntryView[] {
  const all: QueueEntryView[] = [];
  for (let document = 0; document < documents; document++) {
    for (let unit = 0; unit < perDocument; unit++) {
      all.push({
        id: `d${document}-${unit}`,
        project: unit === 1 ? `教育专项资金 ${document}` : `办公经费 ${document}-${unit}`,
        document: { name: `县财政局-${String(document).padStart(4, "0")}.pdf`, sha256: `sha-${document}`, title: document === 7 ? "2024年预算绩效目标" : null },
        region: document % 2 === 0 ? "甲县" : "乙县",
        year: 2024,
        pages: [unit + 1],
        queued: unit !== 2,
        worstSeverity: unit === 0 ? "error" : "warning",
        flags: [{ code: unit === 0 ? "value_percent_over_100" : "value_unit_unknown", severity: unit === 0 ? "error" : "warning", path: "indicators.0.value", verdict: null }],
        status: unit === 0 ? "accept" : "todo",
        decidedBy: unit === 0 ? "alice" : null,
        decidedAt: unit === 0 ? "2025-01-01T00:00:00.000Z" : null,
        stale: false,
      });
    }
  }
  return all;
}

const query = (params: Record<string, string>) => QueueQuerySchema.parse(params);

describe("queue query", () => {
  it("searches project names, document names and flag codes, every word having to match", () => {
    const all = entries(20, 3);
    expect(queryQueue(all, query({ q: "教育专项" })).total).toBe(20);
    expect(queryQueue(all, query({ q: "教育专项 0013" })).entries.map((entry) => entry.id)).toEqual(["d13-1"]);
    expect(queryQueue(all, query({ q: "PERCENT_over" })).total).toBe(20);
    expect(queryQueue(all, query({ q: "预算绩效" })).entries.map((entry) => entry.document.sha256)).toEqual(["sha-7", "sha-7"]);
    expect(queryQueue(all, query({ q: "没有这个" })).total).toBe(0);
  });

  it("pages the filtered records and counts the codes of the pool without the code filter", () => {
    const all = entries(300, 3);
    const page = queryQueue(all, query({ code: "value_unit_unknown", offset: "100", limit: "50" }));
    expect(page.total).toBe(300);
    expect(page.entries).toHaveLength(50);
    expect(page.entries[0]!.id).toBe("d100-1");
    expect(page.codes).toEqual([
      { code: "value_percent_over_100", records: 300 },
      { code: "value_unit_unknown", records: 300 },
    ]);
    // Progress: of the queue (600 queued, 300 decided), and of the filtered records (none decided).
    expect(page.progress).toEqual({ total: 600, reviewed: 300, remaining: 300 });
    expect(page.filteredProgress).toEqual({ total: 300, reviewed: 0, remaining: 300 });
  });

  it("refuses a page larger than the server sends", () => {
    expect(QueueQuerySchema.safeParse({ limit: "100000" }).success).toBe(false);
    expect(QueueQuerySchema.safeParse({ sort: "x" }).success).toBe(false);
  });

  it("finds the next record of the queue as filtered, also when the current one has left the filter", () => {
    const all = entries(3, 3);
    const filters = query({ status: "todo" });
    expect(neighbourOf(all, "d0-0", 1, filters)).toBe("d0-1");
    expect(neighbourOf(all, "d0-1", 1, filters)).toBe("d1-1");
    expect(neighbourOf(all, "d2-1", 1, filters)).toBeNull();
    expect(neighbourOf(all, "d1-1", -1, filters)).toBe("d0-1");
    expect(matchesQueueFilters(all[2]!, filters)).toBe(false);
  });

  it("lists thousands of documents a page at a time with their progress, most left to do first, searchable", () => {
    const all = entries(5000, 3);
    all[0] = { ...all[0]!, status: "todo" };
    const first = queryDocuments(all, DocumentQuerySchema.parse({}));
    expect(first.total).toBe(5000);
    expect(first.documents).toHaveLength(20);
    expect(first.documents[0]).toMatchObject({ sha256: "sha-0", total: 2, reviewed: 0, remaining: 2 });
    expect(first.documents[1]).toMatchObject({ total: 2, reviewed: 1, remaining: 1 });
    const found = queryDocuments(all, DocumentQuerySchema.parse({ q: "4321" }));
    expect(found.documents.map((document) => document.name)).toEqual(["县财政局-4321.pdf"]);
    const withAll = queryDocuments(all, DocumentQuerySchema.parse({ q: "4321", all: "1" }));
    expect(withAll.documents[0]).toMatchObject({ total: 3, reviewed: 1, remaining: 2 });
  });
});
