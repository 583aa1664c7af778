import { getJson } from "./api.js";
import { h, replaceChildren } from "./dom.js";
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
    replaceChildren(main, h("section", { class: "failure" }, h("h2", { text: "Something went wrong" }), h("p", { text: error instanceof Error ? error.message : String(error) }), h("a", { href: "#/", text: "Back to the queue" })));
  }
}

window.addEventListener("hashchange", () => {
  if (location.hash === previousHash) return;
  if (current.isDirty() && !window.confirm("Leave this record? Its unsaved corrections will be lost.")) {
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

async function start() {
  document.getElementById("shortcuts-button")?.addEventListener("click", toggleShortcuts);
  session = await getJson("/api/session");
  /** @type {HTMLElement} */ (document.getElementById("run-name")).textContent = `run ${session.run.name} · ${session.run.queued} to review of ${session.run.records}`;
  /** @type {HTMLElement} */ (document.getElementById("reviewer")).textContent = `reviewer: ${session.reviewer}`;
  await route();
}

start().catch((error) => {
  replaceChildren(main, h("section", { class: "failure" }, h("h2", { text: "The review server did not answer" }), h("p", { text: error instanceof Error ? error.message : String(error) })));
});
