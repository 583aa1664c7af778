import { h } from "./dom.js";
import { codeExplanation, codeTitle, t } from "./i18n.js";
import { FIELD_LABELS, INDICATOR_COLUMNS, describePath } from "./format.js";

/**
 * The record as a form: header, money, goals, spending schedule, indicators table. Field values come from the
 * server's `fields` map (path → text), so the page never decides what a path means. Flags are shown beside
 * the fields they concern: on the field itself (red or amber), with their message under it (in the
 * indicators table: in a row under the indicator); flags on a whole section sit at the section's head.
 *
 * @param {{ record: any, fields: Record<string, string>, originalFields: Record<string, string> }} view
 * @param {{ onInput: () => void, onFocusField: (path: string) => void }} handlers
 */
export function createRecordForm(view, handlers) {
  /** @type {Map<string, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>} */
  const inputs = new Map();
  /** @type {Map<string, HTMLElement>} where a field's flag messages go */
  const flagSlots = new Map();
  /** @type {Map<string, HTMLElement>} the element a field's state classes go on */
  const holders = new Map();
  /** @type {Map<string, HTMLElement>} section heads, for flags on a whole section */
  const sectionSlots = new Map();
  const { record, originalFields } = view;

  const control = (/** @type {string} */ path, /** @type {"input" | "textarea" | "select"} */ kind, /** @type {string} */ label) => {
    const common = {
      name: path,
      dataset: { path },
      "aria-label": label,
      oninput: handlers.onInput,
      onchange: handlers.onInput,
      onfocus: () => handlers.onFocusField(path),
    };
    /** @type {any} */
    let element;
    if (kind === "select") {
      element = h("select", common, ...["", "万元", "元"].map((unit) => h("option", { value: unit, text: unit || "(none)" })));
    } else if (kind === "textarea") {
      element = h("textarea", { ...common, rows: "2" });
    } else {
      element = h("input", { ...common, type: "text", autocomplete: "off", spellcheck: "false" });
    }
    element.value = view.fields[path] ?? "";
    inputs.set(path, element);
    return element;
  };

  const field = (/** @type {string} */ path, /** @type {"input" | "textarea" | "select"} */ kind = "input") => {
    const label = FIELD_LABELS[path] ?? describePath(path);
    const slot = h("ul", { class: "field-flags" });
    const was = h("div", { class: "was", hidden: true });
    const holder = h("div", { class: `field ${kind}`, dataset: { field: path } }, h("label", {}, h("span", { class: "field-label", text: label }), control(path, kind, label)), was, slot);
    flagSlots.set(path, slot);
    holders.set(path, holder);
    return holder;
  };

  const section = (/** @type {string} */ key, /** @type {string} */ title, /** @type {Node[]} */ ...content) => {
    const slot = h("ul", { class: "section-flags" });
    sectionSlots.set(key, slot);
    return h("section", { class: `form-section ${key}`, dataset: { section: key } }, h("h3", { text: title }), slot, ...content);
  };

  const indicatorRows = record.indicators.flatMap((/** @type {any} */ _indicator, /** @type {number} */ index) => {
    const flagCell = h("ul", { class: "indicator-flags" });
    const flagRow = h("tr", { class: "indicator-flag-row", hidden: true }, h("td", {}), h("td", { colspan: String(INDICATOR_COLUMNS.length) }, flagCell));
    const cells = INDICATOR_COLUMNS.map(({ key, label }) => {
      const path = `indicators.${index}.${key}`;
      const long = key === "description" || key === "basis" || key === "level3" || key === "level2";
      const cell = h("td", { class: `cell ${key}`, dataset: { field: path } }, control(path, long ? "textarea" : "input", `${label} ${index + 1}`), h("div", { class: "was", hidden: true }));
      flagSlots.set(path, flagCell);
      holders.set(path, cell);
      return cell;
    });
    sectionSlots.set(`indicators.${index}`, flagCell);
    return [h("tr", { class: "indicator-row", dataset: { indicator: String(index) } }, h("td", { class: "row-number", text: String(index + 1) }), ...cells), flagRow];
  });

  const schedule = record.spendingSchedule
    ? section(
        "spendingSchedule",
        "资金支出计划 (cumulative %)",
        h("div", { class: "schedule" }, ...record.spendingSchedule.map((/** @type {any} */ entry, /** @type {number} */ index) => {
          const holder = field(`spendingSchedule.${index}`);
          /** @type {HTMLElement} */ (holder.querySelector(".field-label")).textContent = entry.checkpoint;
          return holder;
        })),
      )
    : null;

  const element = h(
    "form",
    { class: "record-form", autocomplete: "off", onsubmit: (/** @type {Event} */ event) => event.preventDefault() },
    section("project", "项目 Project", h("div", { class: "grid" }, ...["name", "code", "attribute", "period", "department", "implementingUnit"].map((key) => field(`project.${key}`)))),
    section("money", "资金 Money", h("div", { class: "grid" }, field("money.unit", "select"), field("money.total"), field("money.fiscal"), field("money.other")), field("money.use", "textarea")),
    section("goals", "绩效目标 Goals", field("goals", "textarea")),
    schedule,
    section(
      "indicators",
      `绩效指标 Indicators (${record.indicators.length})`,
      h(
        "table",
        { class: "indicators" },
        h("thead", {}, h("tr", {}, h("th", { text: "#" }), ...INDICATOR_COLUMNS.map(({ label }) => h("th", { text: label })))),
        h("tbody", {}, ...indicatorRows),
      ),
    ),
  );

  /** Corrections typed so far: every field whose text differs from the pipeline's. */
  function edits() {
    /** @type {Record<string, string>} */
    const changed = {};
    for (const [path, input] of inputs) if (input.value !== (originalFields[path] ?? "")) changed[path] = input.value;
    return changed;
  }

  /** Marks fields that differ from the pipeline's reading and says what it read. */
  function markEdited() {
    for (const [path, input] of inputs) {
      const original = originalFields[path] ?? "";
      const edited = input.value !== original;
      holders.get(path)?.classList.toggle("edited", edited);
      const was = holders.get(path)?.querySelector(".was");
      if (was instanceof HTMLElement) {
        was.hidden = !edited;
        was.textContent = edited ? t("pipelineRead", { value: original === "" ? t("empty") : original }) : "";
      }
      input.title = edited ? t("pipelineRead", { value: original === "" ? t("empty") : original }) : "";
    }
  }

  /**
   * Shows flags beside their fields (or section heads), and schema issues of unsaved corrections.
   * @param {any[]} flags @param {Array<{ path: string, message: string }>} [issues]
   */
  function showFlags(flags, issues = []) {
    for (const holder of holders.values()) holder.classList.remove("flag-error", "flag-warning", "flag-info", "invalid");
    for (const slot of [...flagSlots.values(), ...sectionSlots.values()]) slot.replaceChildren();
    for (const row of element.querySelectorAll(".indicator-flag-row")) /** @type {HTMLElement} */ (row).hidden = true;

    for (const flag of flags) {
      const slot = flagSlots.get(flag.path) ?? sectionSlots.get(sectionOf(flag.path)) ?? sectionSlots.get(flag.path.split(".")[0]);
      holders.get(flag.path)?.classList.add(`flag-${flag.severity}`);
      if (!slot) continue;
      const where = /^indicators\.\d+\./.test(flag.path) ? `${describePath(flag.path).split(" · ")[1] ?? ""}: ` : "";
      slot.append(h("li", { class: `flag ${flag.severity}` }, h("strong", { class: "flag-title", text: codeTitle(flag.code), title: codeExplanation(flag.code) }), " ", h("span", { class: "code", text: flag.code }), " ", where, flag.message));
      revealRow(slot);
    }
    for (const issue of issues) {
      holders.get(issue.path)?.classList.add("invalid");
      const slot = flagSlots.get(issue.path) ?? sectionSlots.get(sectionOf(issue.path));
      if (!slot) continue;
      slot.append(h("li", { class: "flag issue" }, h("span", { class: "code", text: "invalid" }), " ", issue.message));
      revealRow(slot);
    }
  }

  /** @param {HTMLElement} slot */
  function revealRow(slot) {
    const row = slot.closest(".indicator-flag-row");
    if (row instanceof HTMLElement) row.hidden = false;
  }

  markEdited();
  return { element, inputs, edits, markEdited, showFlags };
}

/** `indicators.3.value` → `indicators.3`; `money.total` → `money`. @param {string} path */
function sectionOf(path) {
  const indicator = /^indicators\.\d+/.exec(path);
  return indicator ? indicator[0] : path.split(".")[0];
}
