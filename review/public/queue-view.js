import { h, replaceChildren } from "./dom.js";
import { STATUS_LABELS, formatTime } from "./format.js";
import { matchesFilters, readFilters, refreshQueue, writeFilters } from "./queue-state.js";

/**
 * The review queue: counts at the top, filters by flag code, document, region and status, and one row per
 * record, errors first. Returns the view's keyboard handler (j/k move, Enter opens).
 * @param {HTMLElement} container
 */
export async function showQueue(container) {
  const queue = await refreshQueue();
  const filters = readFilters();
  const table = h("tbody");
  const shown = h("span", { class: "shown" });
  let selected = 0;

  const render = () => {
    const rows = queue.entries.filter((entry) => matchesFilters(entry, filters));
    selected = Math.min(selected, Math.max(rows.length - 1, 0));
    replaceChildren(table, ...rows.map((entry, index) => queueRow(entry, index === selected)));
    if (rows.length === 0) table.append(h("tr", {}, h("td", { colspan: "7", class: "empty", text: "No record matches these filters." })));
    shown.textContent = `Showing ${rows.length} of ${queue.entries.filter((entry) => filters.all || entry.queued).length}`;
  };
  /** @param {keyof import("./queue-state.js").Filters} key @param {string | boolean} value */
  const setFilter = (key, value) => {
    /** @type {any} */ (filters)[key] = value;
    writeFilters(filters);
    selected = 0;
    render();
  };

  replaceChildren(
    container,
    h(
      "section",
      { class: "queue" },
      countsBar(queue.counts),
      filterBar(queue.entries, filters, setFilter),
      h(
        "table",
        { class: "queue-table" },
        h("thead", {}, h("tr", {}, ...["", "Project", "Document", "Region", "Pages", "Flags", "Status"].map((label) => h("th", { text: label })))),
        table,
      ),
      h("p", { class: "queue-footer" }, shown),
    ),
  );
  document.title = "Review queue";
  render();

  return (/** @type {KeyboardEvent} */ event) => {
    const rows = [...table.querySelectorAll("tr[data-id]")];
    if (event.key === "j" || event.key === "k") {
      selected = Math.max(0, Math.min(rows.length - 1, selected + (event.key === "j" ? 1 : -1)));
      rows.forEach((row, index) => row.classList.toggle("selected", index === selected));
      rows[selected]?.scrollIntoView({ block: "nearest" });
      return true;
    }
    if (event.key === "Enter" || event.key === "o") {
      const id = /** @type {HTMLElement | undefined} */ (rows[selected])?.dataset.id;
      if (id) location.hash = `#/records/${encodeURIComponent(id)}`;
      return Boolean(id);
    }
    return false;
  };
}

/** @param {Record<string, number>} counts */
function countsBar(counts) {
  const count = (/** @type {string} */ label, /** @type {number} */ value, /** @type {string} */ kind) =>
    h("div", { class: `count ${kind}` }, h("span", { class: "count-value", text: String(value) }), h("span", { class: "count-label", text: label }));
  return h(
    "div",
    { class: "counts", "aria-label": "Queue counts" },
    count("in queue", counts.queued ?? 0, "total"),
    count("with errors", counts.error ?? 0, "error"),
    count("warnings only", counts.warning ?? 0, "warning"),
    h("span", { class: "count-separator" }),
    count("to do", counts.todo ?? 0, "todo"),
    count("accepted", counts.accept ?? 0, "accept"),
    count("corrected", counts.correct ?? 0, "correct"),
    count("rejected", counts.reject ?? 0, "reject"),
  );
}

/**
 * @param {any[]} entries @param {import("./queue-state.js").Filters} filters
 * @param {(key: any, value: string | boolean) => void} setFilter
 */
function filterBar(entries, filters, setFilter) {
  const pool = entries.filter((entry) => filters.all || entry.queued);
  /** @type {Map<string, number>} */
  const codes = new Map();
  for (const entry of pool) for (const code of new Set(entry.flags.map((/** @type {any} */ flag) => flag.code))) codes.set(code, (codes.get(code) ?? 0) + 1);
  /** @type {Map<string, string>} */
  const documents = new Map(pool.map((entry) => [entry.document.sha256, entry.document.name]));
  const regions = [...new Set(pool.map((entry) => entry.region ?? ""))].filter(Boolean).sort();

  const select = (/** @type {string} */ label, /** @type {string} */ key, /** @type {Array<[string, string]>} */ options) =>
    h(
      "label",
      { class: "filter" },
      h("span", { text: label }),
      h(
        "select",
        { name: key, onchange: (/** @type {Event} */ event) => setFilter(key, /** @type {HTMLSelectElement} */ (event.target).value) },
        ...options.map(([value, text]) => h("option", { value, text, selected: /** @type {any} */ (filters)[key] === value })),
      ),
    );
  return h(
    "div",
    { class: "filters" },
    select("Flag", "code", [["", "any flag"], ...[...codes].sort((a, b) => b[1] - a[1]).map(([code, count]) => /** @type {[string, string]} */ ([code, `${code} (${count})`]))]),
    select("Document", "document", [["", "any document"], ...[...documents].map(([sha, name]) => /** @type {[string, string]} */ ([sha, name]))]),
    select("Region", "region", [["", "any region"], ...regions.map((region) => /** @type {[string, string]} */ ([region, region]))]),
    select("Status", "status", [["", "any status"], ...Object.entries(STATUS_LABELS).map(([value, text]) => /** @type {[string, string]} */ ([value, text]))]),
    h(
      "label",
      { class: "filter checkbox" },
      h("input", { type: "checkbox", name: "all", checked: filters.all, onchange: (/** @type {Event} */ event) => setFilter("all", /** @type {HTMLInputElement} */ (event.target).checked) }),
      h("span", { text: "also records without warnings" }),
    ),
  );
}

/** @param {any} entry @param {boolean} selected */
function queueRow(entry, selected) {
  const href = `#/records/${encodeURIComponent(entry.id)}`;
  const codes = [...new Map(entry.flags.map((/** @type {any} */ flag) => [flag.code, flag.severity])).entries()];
  return h(
    "tr",
    { class: `queue-row${selected ? " selected" : ""}`, dataset: { id: entry.id }, onclick: () => (location.hash = href) },
    h("td", {}, h("span", { class: `severity ${entry.worstSeverity ?? "none"}`, text: entry.worstSeverity ?? "ok", title: "worst flag" })),
    h("td", { class: "project" }, h("a", { href, text: entry.project || "(no name)" })),
    h("td", { class: "document", title: entry.document.title ?? "" }, entry.document.name),
    h("td", { text: entry.region ?? "" }),
    h("td", { class: "pages", text: entry.pages.join(", ") }),
    h("td", { class: "codes" }, ...codes.map(([code, severity]) => h("span", { class: `chip ${severity}`, text: code }))),
    h(
      "td",
      { class: "status-cell" },
      h("span", { class: `status ${entry.status}`, text: STATUS_LABELS[entry.status] ?? entry.status }),
      entry.stale ? h("span", { class: "stale", text: "re-run since", title: "The pipeline's record changed after this decision" }) : null,
      entry.decidedBy ? h("span", { class: "decided-by", text: `${entry.decidedBy} · ${formatTime(entry.decidedAt)}` }) : null,
    ),
  );
}
