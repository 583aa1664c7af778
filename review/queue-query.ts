import { z } from "zod";
import { InvalidRequestError } from "./review-errors.js";
import type { DocumentPageView, DocumentProgressView, QueueEntryView, QueueView, ReviewProgress } from "./review-views.js";

const Text = z.string().max(500, "is longer than 500 characters").default("");

/**
 * What the queue is asked for: filters (all of them must hold), a search, and a page. Parsed from the query
 * string, so a link to a filtered queue is a URL; the server filters, so the page never holds thousands of rows.
 */
export const QueueQuerySchema = z
  .object({
    /** Words that must all occur in the project name, the document's name or title, or a flag code. */
    q: Text,
    code: Text,
    /** A document's SHA-256. */
    document: Text,
    region: Text,
    status: z.enum(["", "todo", "accept", "correct", "reject"]).default(""),
    /** Every record of the run, not only the review queue. */
    all: z.enum(["", "0", "1", "true", "false"]).default("").transform((value) => value === "1" || value === "true"),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type QueueQuery = z.infer<typeof QueueQuerySchema>;

/** The filter part of a query, also what a bulk action applies to. */
export type QueueFilters = Pick<QueueQuery, "q" | "code" | "document" | "region" | "status" | "all">;

export const DocumentQuerySchema = z
  .object({ q: Text, all: QueueQuerySchema.shape.all, offset: QueueQuerySchema.shape.offset, limit: z.coerce.number().int().min(1).max(200).default(20) })
  .strict();
export type DocumentQuery = z.infer<typeof DocumentQuerySchema>;

/** Parses a query string with a schema; a bad parameter is a 400 that names it. */
export function parseQuery<Schema extends z.ZodTypeAny>(schema: Schema, params: URLSearchParams): z.infer<Schema> {
  const parsed = schema.safeParse(Object.fromEntries(params));
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join(".") || "(query)", message: issue.message }));
  throw new InvalidRequestError(`Bad query: ${issues.map((issue) => `${issue.path} ${issue.message}`).join("; ")}`, { issues });
}

/** Lower-cased, whitespace-split search words; Chinese has no spaces, so a word is matched as a substring. */
function searchWords(q: string): string[] {
  return q.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Whether an entry passes every filter of `filters`. */
export function matchesQueueFilters(entry: QueueEntryView, filters: QueueFilters): boolean {
  if (!filters.all && !entry.queued) return false;
  if (filters.code && !entry.flags.some((flag) => flag.code === filters.code)) return false;
  if (filters.document && entry.document.sha256 !== filters.document) return false;
  if (filters.region && (entry.region ?? "") !== filters.region) return false;
  if (filters.status && entry.status !== filters.status) return false;
  const words = searchWords(filters.q);
  if (words.length > 0) {
    const haystack = [entry.project, entry.document.name, entry.document.title ?? "", ...entry.flags.map((flag) => flag.code)].join("\u0000").toLowerCase();
    if (!words.every((word) => haystack.includes(word))) return false;
  }
  return true;
}

/** Reviewed (any decision) and remaining, of the given entries. */
export function progressOf(entries: readonly QueueEntryView[]): ReviewProgress {
  const reviewed = entries.filter((entry) => entry.status !== "todo").length;
  return { total: entries.length, reviewed, remaining: entries.length - reviewed };
}

/**
 * One page of the queue as filtered, with the counts of the review queue (unfiltered, so the top bar does
 * not jump while filtering), the overall progress, and the flag codes of the filtered pool for the picker.
 */
export function queryQueue(all: readonly QueueEntryView[], query: QueueQuery): QueueView {
  const inQueue = all.filter((entry) => entry.queued);
  const count = (predicate: (entry: QueueEntryView) => boolean) => inQueue.filter(predicate).length;
  // Codes are counted over the pool without the code filter, so choosing one code still lists the others.
  const pool = all.filter((entry) => matchesQueueFilters(entry, { ...query, code: "" }));
  const codes = new Map<string, number>();
  for (const entry of pool) for (const code of new Set(entry.flags.map((flag) => flag.code))) codes.set(code, (codes.get(code) ?? 0) + 1);
  const matching = pool.filter((entry) => matchesQueueFilters(entry, query));
  return {
    entries: matching.slice(query.offset, query.offset + query.limit),
    total: matching.length,
    offset: query.offset,
    limit: query.limit,
    codes: [...codes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([code, records]) => ({ code, records })),
    regions: [...new Set(pool.map((entry) => entry.region ?? "").filter(Boolean))].sort(),
    counts: {
      queued: inQueue.length,
      error: count((entry) => entry.worstSeverity === "error"),
      warning: count((entry) => entry.worstSeverity === "warning"),
      todo: count((entry) => entry.status === "todo"),
      accept: count((entry) => entry.status === "accept"),
      correct: count((entry) => entry.status === "correct"),
      reject: count((entry) => entry.status === "reject"),
    },
    progress: progressOf(inQueue),
    filteredProgress: progressOf(matching),
  };
}

/** The record after (or before) `id` in queue order that passes the filters; walks the full order, so a record that just left the filter still has a neighbour. */
export function neighbourOf(all: readonly QueueEntryView[], id: string, direction: 1 | -1, filters: QueueFilters): string | null {
  const start = all.findIndex((entry) => entry.id === id);
  if (start === -1) return null;
  for (let index = start + direction; index >= 0 && index < all.length; index += direction) {
    if (matchesQueueFilters(all[index]!, filters)) return all[index]!.id;
  }
  return null;
}

/** Documents with their review progress, searched by name or title, a page at a time: a picker for thousands. */
export function queryDocuments(all: readonly QueueEntryView[], query: DocumentQuery): DocumentPageView {
  const byDocument = new Map<string, QueueEntryView[]>();
  for (const entry of all) {
    if (!query.all && !entry.queued) continue;
    const list = byDocument.get(entry.document.sha256);
    if (list) list.push(entry);
    else byDocument.set(entry.document.sha256, [entry]);
  }
  const words = searchWords(query.q);
  const documents: DocumentProgressView[] = [];
  for (const [sha256, entries] of byDocument) {
    const first = entries[0]!;
    const haystack = `${first.document.name}\u0000${first.document.title ?? ""}\u0000${first.region ?? ""}`.toLowerCase();
    if (!words.every((word) => haystack.includes(word))) continue;
    documents.push({ sha256, name: first.document.name, title: first.document.title, region: first.region, year: first.year, ...progressOf(entries) });
  }
  // Most left to do first: that is where an analyst picks a document to work on.
  documents.sort((a, b) => b.remaining - a.remaining || a.name.localeCompare(b.name));
  return { documents: documents.slice(query.offset, query.offset + query.limit), total: documents.length, offset: query.offset, limit: query.limit };
}
