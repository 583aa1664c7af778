import { h, replaceChildren } from "./dom.js";
import { t } from "./i18n.js";
import { fetchDocuments } from "./queue-state.js";
import { toast } from "./toast.js";

/** Asking the server waits this long after the last keystroke. */
const SEARCH_DELAY_MS = 200;

/**
 * A document filter for runs of thousands of documents: type part of a name, the server answers the first
 * twenty matches (most left to review first) with their progress; a `<select>` of every document would not
 * scale. `onChoose(null)` clears the filter.
 * @param {{ selected: { sha256: string, name: string } | null, all: () => boolean, onChoose: (document: { sha256: string, name: string } | null) => void }} options
 */
export function createDocumentPicker(options) {
  let timer = 0;
  let sequence = 0;
  const results = h("div", { class: "document-results", hidden: true, role: "listbox" });
  const clear = h("button", { type: "button", class: "link-button document-clear", hidden: options.selected === null, text: t("clearDocument"), onclick: () => choose(null) });
  const input = /** @type {HTMLInputElement} */ (
    h("input", {
      type: "search",
      name: "document-search",
      autocomplete: "off",
      value: options.selected?.name ?? "",
      placeholder: t("documentPlaceholder"),
      oninput: () => {
        window.clearTimeout(timer);
        timer = window.setTimeout(() => void lookUp(), SEARCH_DELAY_MS);
      },
      onfocus: () => void lookUp(),
      onkeydown: (/** @type {KeyboardEvent} */ event) => {
        if (event.key === "Escape") results.hidden = true;
      },
    })
  );

  /** @param {{ sha256: string, name: string } | null} document */
  const choose = (document) => {
    input.value = document?.name ?? "";
    results.hidden = true;
    clear.hidden = document === null;
    options.onChoose(document);
  };

  async function lookUp() {
    const mine = ++sequence;
    try {
      const page = await fetchDocuments(input.value.trim(), options.all());
      if (mine !== sequence) return;
      replaceChildren(
        results,
        h("p", { class: "document-total", text: t("documentsFound", { total: page.total }) }),
        ...page.documents.map((/** @type {any} */ document) =>
          h(
            "button",
            { type: "button", class: "document-option", role: "option", dataset: { sha256: document.sha256 }, onclick: () => choose({ sha256: document.sha256, name: document.name }) },
            h("span", { class: "document-name", text: document.name }),
            document.title ? h("span", { class: "document-title", text: document.title }) : null,
            h("span", { class: "document-progress", text: t("progress", document) }),
          ),
        ),
        page.total > page.documents.length ? h("p", { class: "document-more", text: t("documentsMore", { more: page.total - page.documents.length }) }) : null,
      );
      results.hidden = false;
    } catch (error) {
      toast(error instanceof Error ? error.message : String(error), "error");
    }
  }

  const element = h("div", { class: "document-picker" }, input, clear, results);
  // A click elsewhere closes the list; the listener goes with the view that made it.
  const closeOnClickOutside = (/** @type {MouseEvent} */ event) => {
    if (!element.isConnected) document.removeEventListener("click", closeOnClickOutside);
    else if (!element.contains(/** @type {Node} */ (event.target))) results.hidden = true;
  };
  document.addEventListener("click", closeOnClickOutside);
  return { element };
}
