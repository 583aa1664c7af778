import { getJson, recordPath } from "./api.js";

/**
 * The analyst's filters (kept for the browser tab, so next/previous on a record walks the queue as the
 * analyst filtered it) and the server queries built from them: the server filters, searches and pages, so
 * the page holds one page of records however large the run.
 */

const FILTER_KEY = "review-filters";

/** @typedef {{ q: string, code: string, document: string, documentName: string, region: string, status: string, all: boolean }} Filters */

/** @type {Filters} */
const DEFAULT_FILTERS = { q: "", code: "", document: "", documentName: "", region: "", status: "", all: false };

/** Rows a queue page shows. */
export const PAGE_SIZE = 50;

/** @returns {Filters} */
export function readFilters() {
  try {
    return { ...DEFAULT_FILTERS, ...JSON.parse(sessionStorage.getItem(FILTER_KEY) ?? "{}") };
  } catch {
    return { ...DEFAULT_FILTERS };
  }
}

/** @param {Filters} filters */
export function writeFilters(filters) {
  sessionStorage.setItem(FILTER_KEY, JSON.stringify(filters));
}

/** The query string of the filters (the server's names; the document's name is only for the picker). @param {Filters} filters */
export function filterParams(filters) {
  const params = new URLSearchParams();
  for (const key of /** @type {const} */ (["q", "code", "document", "region", "status"])) if (filters[key]) params.set(key, filters[key]);
  if (filters.all) params.set("all", "1");
  return params;
}

/** What a bulk action posts as its scope. @param {Filters} filters */
export function bulkFilters(filters) {
  return { q: filters.q, document: filters.document, region: filters.region, status: /** @type {any} */ (filters.status), all: filters.all };
}

/** One page of the queue as filtered. @param {Filters} filters @param {number} offset */
export function fetchQueue(filters, offset) {
  const params = filterParams(filters);
  params.set("offset", String(offset));
  params.set("limit", String(PAGE_SIZE));
  return getJson(`/api/queue?${params}`);
}

/** Documents whose name or title has the words of `q`, with their progress. @param {string} q @param {boolean} all */
export function fetchDocuments(q, all) {
  const params = new URLSearchParams({ q, limit: "20" });
  if (all) params.set("all", "1");
  return getJson(`/api/documents?${params}`);
}

/**
 * The record after (or before) `id` in queue order that passes the filters, asked of the server, which walks
 * the full order: a record that just left the filter (accepted while showing "to do") still has a next.
 * @param {string} id @param {1 | -1} direction
 * @returns {Promise<string | null>}
 */
export async function neighbourOf(id, direction) {
  const params = filterParams(readFilters());
  params.set("direction", direction > 0 ? "next" : "previous");
  const reply = await getJson(`${recordPath(id, "neighbour")}?${params}`);
  return reply.id;
}
