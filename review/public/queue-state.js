import { getJson } from "./api.js";

/**
 * The queue as last fetched, and the analyst's filters (kept for the browser tab, so next/previous on a record
 * walks the queue as the analyst filtered it).
 */

const FILTER_KEY = "review-filters";

/** @typedef {{ code: string, document: string, region: string, status: string, all: boolean }} Filters */

/** @type {Filters} */
const DEFAULT_FILTERS = { code: "", document: "", region: "", status: "", all: false };

/** @typedef {{ entries: any[], counts: Record<string, number> }} Queue */

/** @type {Queue | null} */
let queue = null;

/** @returns {Promise<Queue>} */
export async function refreshQueue() {
  const fetched = /** @type {Queue} */ (await getJson("/api/queue"));
  queue = fetched;
  return fetched;
}

/** @returns {Promise<Queue>} */
export async function currentQueue() {
  return queue ?? refreshQueue();
}

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

/** @param {any} entry @param {Filters} filters */
export function matchesFilters(entry, filters) {
  if (!filters.all && !entry.queued) return false;
  if (filters.code && !entry.flags.some((/** @type {any} */ flag) => flag.code === filters.code)) return false;
  if (filters.document && entry.document.sha256 !== filters.document) return false;
  if (filters.region && (entry.region ?? "") !== filters.region) return false;
  if (filters.status && entry.status !== filters.status) return false;
  return true;
}

/**
 * The record after (or before) `id` in queue order that passes the filters. Walks the full order rather than
 * the filtered list, so a record that just left the filter (accepted while showing "to do") still has a next.
 * @param {string} id @param {1 | -1} direction
 */
export async function neighbourOf(id, direction) {
  const { entries } = await currentQueue();
  const filters = readFilters();
  const start = entries.findIndex((entry) => entry.id === id);
  for (let index = start + direction; index >= 0 && index < entries.length; index += direction) {
    if (matchesFilters(entries[index], filters)) return entries[index].id;
  }
  return null;
}
