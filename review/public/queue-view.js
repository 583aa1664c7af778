import { postJson } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { STATUS_LABELS, formatTime } from "./format.js";
import { codeExplanation, codeTitle, t } from "./i18n.js";
import { createDocumentPicker } from "./document-picker.js";
import { bulkFilters, fetchQueue, PAGE_SIZE, readFilters, writeFilters } from "./queue-state.js";
import { toast } from "./toast.js";

/** Searching waits this long after the last keystroke. */
const SEARCH_DELAY_MS = 250;

/**
 * The review queue: counts and progress at the top, a search and filters by flag code, document, region and
 * status, bulk actions on the flag code chosen, and one page of records, errors first. The server filters and
 * pages. Returns the view's keyboard handler (j/k move, Enter opens).
 * @param {HTMLElement} container
 */
export async function showQueue(container) {
  const filters = readFilters();
  let offset = 0;
  let selected = 0;
  let sequence = 0;
  /** @type {any} */
  let data = await fetchQueue(filters, offset);

  const countsSlot = h("div", { class: "counts-slot" });
  const table = h("tbody");
  const footer = h("div", { class: "queue-footer" });
  const bulkSlot = h("div", { class: "bulk-slot" });
  const codeSelect = /** @type {HTMLSelectElement} */ (h("select", { name: "code", onchange: () => setFilter("code", codeSelect.value) }));
  const regionSelect = /** @type {HTMLSelectElement} */ (h("select", { name: "region", onchange: () => setFilter("region", regionSelect.value) }));
  let searchTimer = 0;
  const search = /** @type {HTMLInputElement} */ (
    h("input", {
      type: "search",
      name: "q",
      value: filters.q,
      placeholder: t("searchPlaceholder"),
      oninput: () => {
        window.clearTimeout(searchTimer);
        searchTimer = window.setTimeout(() => setFilter("q", search.value.trim()), SEARCH_DELAY_MS);
      },
    })
  );
  const picker = createDocumentPicker({
    selected: filters.document ? { sha256: filters.document, name: filters.documentName } : null,
    all: () => filters.all,
    onChoose: (document) => {
      filters.documentName = document?.name ?? "";
      setFilter("document", document?.sha256 ?? "");
    },
  });

  const reload = async () => {
    const mine = ++sequence;
    const fetched = await fetchQueue(filters, offset);
    // A slower answer to an earlier filter must not replace a later one.
    if (mine !== sequence) return;
    data = fetched;
    render();
  };
  /** @param {keyof import("./queue-state.js").Filters} key @param {string | boolean} value */
  const setFilter = (key, value) => {
    /** @type {any} */ (filters)[key] = value;
    writeFilters(filters);
    offset = 0;
    selected = 0;
    void reload().catch((error) => toast(error instanceof Error ? error.message : String(error), "error"));
  };
  const turnPage = (/** @type {number} */ by) => {
    offset = Math.max(0, offset + by * PAGE_SIZE);
    selected = 0;
    void reload();
  };

  const render = () => {
    selected = Math.min(selected, Math.max(data.entries.length - 1, 0));
    replaceChildren(countsSlot, countsBar(data.counts, data.progress));
    fillSelect(codeSelect, [["", t("anyFlag")], ...data.codes.map((/** @type {any} */ { code, records }) => /** @type {[string, string]} */ ([code, `${codeTitle(code)} · ${code} (${records})`]))], filters.code);
    fillSelect(regionSelect, [["", t("anyRegion")], ...data.regions.map((/** @type {string} */ region) => /** @type {[string, string]} */ ([region, region]))], filters.region);
    replaceChildren(table, ...data.entries.map((/** @type {any} */ entry, /** @type {number} */ index) => queueRow(entry, index === selected)));
    if (data.entries.length === 0) table.append(h("tr", {}, h("td", { colspan: "7", class: "empty", text: t("noMatch") })));
    replaceChildren(bulkSlot, filters.code ? bulkBar(filters, data.total, reload) : null);
    const from = data.total === 0 ? 0 : data.offset + 1;
    replaceChildren(
      footer,
      h("span", { class: "shown", text: t("showing", { from, to: data.offset + data.entries.length, total: data.total }) }),
      h("span", { class: "filtered-progress", text: t("progress", data.filteredProgress) }),
      h("button", { type: "button", class: "page-previous", disabled: data.offset === 0, onclick: () => turnPage(-1), text: t("previousPage") }),
      h("button", { type: "button", class: "page-next", disabled: data.offset + data.entries.length >= data.total, onclick: () => turnPage(1), text: t("nextPage") }),
    );
  };

  const select = (/** @type {string} */ label, /** @type {HTMLElement} */ control) => h("label", { class: "filter" }, h("span", { text: label }), control);
  const statusSelect = /** @type {HTMLSelectElement} */ (h("select", { name: "status", onchange: () => setFilter("status", statusSelect.value) }));
  fillSelect(statusSelect, [["", t("anyStatus")], ...Object.entries(STATUS_LABELS).map(([value, text]) => /** @type {[string, string]} */ ([value, text]))], filters.status);

  replaceChildren(
    container,
    h(
      "section",
      { class: "queue" },
      countsSlot,
      h(
        "div",
        { class: "filters" },
        h("label", { class: "filter search" }, h("span", { text: t("search") }), search),
        select(t("flag"), codeSelect),
        h("div", { class: "filter" }, h("span", { text: t("document") }), picker.element),
        select(t("region"), regionSelect),
        select(t("status"), statusSelect),
        h(
          "label",
          { class: "filter checkbox" },
          h("input", { type: "checkbox", name: "all", checked: filters.all, onchange: (/** @type {Event} */ event) => setFilter("all", /** @type {HTMLInputElement} */ (event.target).checked) }),
          h("span", { text: t("alsoUnflagged") }),
        ),
      ),
      bulkSlot,
      h(
        "table",
        { class: "queue-table" },
        h("thead", {}, h("tr", {}, ...["", t("columnProject"), t("columnDocument"), t("columnRegion"), t("columnPages"), t("columnFlags"), t("columnStatus")].map((label) => h("th", { text: label })))),
        table,
      ),
      footer,
    ),
  );
  document.title = t("brand");
  render();

  return (/** @type {KeyboardEvent} */ event) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return false;
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

/** @param {HTMLSelectElement} select @param {Array<[string, string]>} options @param {string} value */
function fillSelect(select, options, value) {
  // The chosen value stays listed even when no record of the page carries it any more.
  if (value && !options.some(([candidate]) => candidate === value)) options.push([value, value]);
  replaceChildren(select, ...options.map(([optionValue, text]) => h("option", { value: optionValue, text, selected: optionValue === value })));
  select.value = value;
}

/** @param {Record<string, number>} counts @param {{ total: number, reviewed: number, remaining: number }} progress */
function countsBar(counts, progress) {
  const count = (/** @type {string} */ label, /** @type {number} */ value, /** @type {string} */ kind) =>
    h("div", { class: `count ${kind}` }, h("span", { class: "count-value", text: String(value) }), h("span", { class: "count-label", text: label }));
  const share = progress.total === 0 ? 0 : Math.round((progress.reviewed / progress.total) * 100);
  return h(
    "div",
    { class: "counts", "aria-label": "Queue counts" },
    count(t("inQueue"), counts.queued ?? 0, "total"),
    count(t("withErrors"), counts.error ?? 0, "error"),
    count(t("warningsOnly"), counts.warning ?? 0, "warning"),
    h("span", { class: "count-separator" }),
    count(t("todoCount"), counts.todo ?? 0, "todo"),
    count(t("accepted"), counts.accept ?? 0, "accept"),
    count(t("corrected"), counts.correct ?? 0, "correct"),
    count(t("rejected"), counts.reject ?? 0, "reject"),
    h(
      "div",
      { class: "progress" },
      h("progress", { max: String(Math.max(progress.total, 1)), value: String(progress.reviewed), "aria-label": t("progress", progress) }),
      h("span", { class: "progress-text", text: `${t("progress", progress)} · ${share}%` }),
    ),
  );
}

/**
 * One decision for every record of the queue as filtered that carries the chosen code. Asks once more inline
 * (a dialog would be easy to click through) before posting.
 * @param {import("./queue-state.js").Filters} filters @param {number} count @param {() => Promise<void>} reload
 */
function bulkBar(filters, count, reload) {
  const note = /** @type {HTMLInputElement} */ (h("input", { type: "text", name: "bulk-note", class: "bulk-note", placeholder: t("bulkNote") }));
  const confirmSlot = h("span", { class: "bulk-confirm" });
  const ask = (/** @type {string} */ action, /** @type {string} */ label) => {
    if (action === "reject" && note.value.trim() === "") {
      note.focus();
      toast(t("bulkRejectNeedsNote"), "error");
      return;
    }
    replaceChildren(
      confirmSlot,
      h("span", { text: t("bulkConfirmPrompt", { action: label, count }) }),
      h("button", { type: "button", class: "primary bulk-go", onclick: () => void run(action), text: "OK" }),
      h("button", { type: "button", class: "bulk-cancel", onclick: () => replaceChildren(confirmSlot), text: "×" }),
    );
  };
  const run = async (/** @type {string} */ action) => {
    try {
      const result = await postJson("/api/bulk", { code: filters.code, action, note: note.value, filters: bulkFilters(filters) });
      toast(t("bulkDone", result));
      await reload();
    } catch (error) {
      toast(error instanceof Error ? error.message : String(error), "error");
    }
  };
  const button = (/** @type {string} */ action, /** @type {string} */ key, /** @type {string} */ kind) =>
    h("button", { type: "button", class: kind, dataset: { bulk: action }, onclick: () => ask(action, t(key)), text: t(key) });
  return h(
    "section",
    { class: "bulk-bar", "aria-label": "Bulk" },
    h("p", { class: "bulk-title" }, t("bulkTitle", { count, title: codeTitle(filters.code) }), h("span", { class: "bulk-explanation", text: codeExplanation(filters.code) })),
    note,
    button("false_positive", "bulkFalsePositive", ""),
    button("confirmed", "bulkConfirm", ""),
    button("accept", "bulkAccept", "primary"),
    button("reject", "bulkReject", "danger"),
    confirmSlot,
  );
}

/** @param {any} entry @param {boolean} selected */
function queueRow(entry, selected) {
  const href = `#/records/${encodeURIComponent(entry.id)}`;
  /** @type {Map<string, { severity: string, dismissed: boolean }>} */
  const codes = new Map();
  for (const flag of entry.flags) {
    const seen = codes.get(flag.code);
    codes.set(flag.code, { severity: seen?.severity ?? flag.severity, dismissed: (seen?.dismissed ?? true) && flag.verdict === "false_positive" });
  }
  return h(
    "tr",
    { class: `queue-row${selected ? " selected" : ""}`, dataset: { id: entry.id }, onclick: () => (location.hash = href) },
    h("td", {}, h("span", { class: `severity ${entry.worstSeverity ?? "none"}`, text: t(`severity_${entry.worstSeverity ?? "none"}`), title: t("worstFlag") })),
    h("td", { class: "project" }, h("a", { href, text: entry.project || t("noName") })),
    h("td", { class: "document", title: entry.document.title ?? "" }, entry.document.name),
    h("td", { text: entry.region ?? "" }),
    h("td", { class: "pages", text: entry.pages.join(", ") }),
    h(
      "td",
      { class: "codes" },
      ...[...codes].map(([code, { severity, dismissed }]) => h("span", { class: `chip ${severity}${dismissed ? " dismissed" : ""}`, dataset: { code }, title: `${code}: ${codeExplanation(code)}`, text: codeTitle(code) })),
    ),
    h(
      "td",
      { class: "status-cell" },
      h("span", { class: `status ${entry.status}`, text: STATUS_LABELS[entry.status] ?? entry.status }),
      entry.stale ? h("span", { class: "stale", text: t("rerunSince"), title: t("rerunSinceTitle") }) : null,
      entry.decidedBy ? h("span", { class: "decided-by", text: `${entry.decidedBy} · ${formatTime(entry.decidedAt)}` }) : null,
    ),
  );
}
