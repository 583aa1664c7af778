import { getJson } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { language, setCatalogue, setLanguage, t } from "./i18n.js";
import { showQueue } from "./queue-view.js";
import { showRecord } from "./record-view.js";

/**
 * The review page: `#/` is the queue, `#/records/<id>` one record. Views are plain functions that render into
 * <main> and hand back their keyboard handler; the router owns the one keydown listener.
 */

const main = /** @type {HTMLElement} */ (document.getElementById("view"));
/** @type {{ onKey: (event: KeyboardEvent) => boolean, isDirty: () => boolean }} */
let current = { onKey: () => false, isDirty: () => false };
/** @type {any} */
let session = null;
let previousHash = location.hash;

async function route() {
  const match = /^#\/records\/([^/]+)$/.exec(location.hash);
  // Keys pressed while the next view loads would act on the one being left.
  current = { onKey: () => false, isDirty: () => false };
  try {
    if (match) {
      const record = await showRecord(main, decodeURIComponent(match[1] ?? ""), session);
      current = record;
    } else {
      const onKey = await showQueue(main);
      current = { onKey, isDirty: () => false };
    }
    previousHash = location.hash;
    main.focus({ preventScroll: true });
  } catch (error) {
    current = { onKey: () => false, isDirty: () => false };
    replaceChildren(main, h("section", { class: "failure" }, h("h2", { text: t("somethingWrong") }), h("p", { text: error instanceof Error ? error.message : String(error) }), h("a", { href: "#/", text: t("backToQueue") })));
  }
}

window.addEventListener("hashchange", () => {
  if (location.hash === previousHash) return;
  if (current.isDirty() && !window.confirm(t("leaveUnsaved"))) {
    // Put the address back without routing again.
    history.replaceState(null, "", previousHash || "#/");
    return;
  }
  void route();
});

window.addEventListener("beforeunload", (event) => {
  if (current.isDirty()) event.preventDefault();
});

document.addEventListener("keydown", (event) => {
  if (event.altKey || (event.ctrlKey && event.key !== "Enter") || event.defaultPrevented) return;
  if (event.key === "?" && !(event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement)) {
    toggleShortcuts();
    event.preventDefault();
    return;
  }
  if (current.onKey(event)) event.preventDefault();
});

function toggleShortcuts() {
  const panel = /** @type {HTMLElement} */ (document.getElementById("shortcuts"));
  panel.hidden = !panel.hidden;
}

/** Fills the page's fixed words (`data-i18n`) and the header in the chosen language. */
function translateChrome() {
  document.documentElement.lang = language() === "zh" ? "zh-Hans" : "en";
  for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = t(/** @type {HTMLElement} */ (element).dataset.i18n ?? "");
  const button = /** @type {HTMLElement} */ (document.getElementById("language-button"));
  button.textContent = t("switchLanguage");
  button.title = t("switchLanguageTitle");
  if (session) {
    /** @type {HTMLElement} */ (document.getElementById("run-name")).textContent = t("runLine", { name: session.run.name, queued: session.run.queued, records: session.run.records });
    /** @type {HTMLElement} */ (document.getElementById("reviewer")).textContent = t("reviewerLine", { name: session.reviewer });
  }
}

async function start() {
  document.getElementById("shortcuts-button")?.addEventListener("click", toggleShortcuts);
  document.getElementById("language-button")?.addEventListener("click", () => {
    if (current.isDirty() && !window.confirm(t("leaveUnsaved"))) return;
    setLanguage(language() === "zh" ? "en" : "zh");
    translateChrome();
    void route();
  });
  translateChrome();
  session = await getJson("/api/session");
  setCatalogue(session.catalogue);
  translateChrome();
  await route();
}

start().catch((error) => {
  replaceChildren(main, h("section", { class: "failure" }, h("h2", { text: t("serverSilent") }), h("p", { text: error instanceof Error ? error.message : String(error) })));
});
