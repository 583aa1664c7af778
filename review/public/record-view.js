import { ApiError, getJson, postJson, recordPath } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { STATUS_LABELS, describePath, formatTime } from "./format.js";
import { createPageViewer } from "./page-viewer.js";
import { neighbourOf, refreshQueue } from "./queue-state.js";
import { createRecordForm } from "./record-form.js";
import { toast } from "./toast.js";

/** Live validation waits this long after the last keystroke. */
const CHECK_DELAY_MS = 250;

/**
 * One record: the source page with the selected field's evidence on the left, the record as a form with its
 * flags beside the fields on the right, and the decision bar (accept, reject, note, promote) above the form.
 * Corrections are re-validated live by the server with the pipeline's own rules. Returns the view's keyboard
 * handler and a guard against leaving with unsaved corrections.
 * @param {HTMLElement} container @param {string} id @param {{ renderScale: number }} session
 */
export async function showRecord(container, id, session) {
  /** @type {any} */
  let view = await getJson(recordPath(id));
  /** @type {any} */
  let live = { record: view.record, resolvedFlags: view.resolvedFlags, issues: [] };
  let checkTimer = 0;
  let checkSequence = 0;
  let busy = false;

  const viewer = createPageViewer({ recordId: id, pages: view.record.unit.pages, pageCount: view.record.document.pageCount, renderScale: session.renderScale });
  const flagPanel = h("section", { class: "flag-panel", "aria-label": "Flags" });
  const note = /** @type {HTMLTextAreaElement} */ (
    h("textarea", { class: "note", name: "note", rows: "2", placeholder: "Note (required to reject): what was wrong, what you checked", oninput: () => renderDecisionBar() })
  );
  const formSlot = h("div", { class: "form-slot" });
  // Built once: the note keeps its focus and text while the parts around it are re-rendered.
  const headSlot = h("div", { class: "decision-head" });
  const actionsSlot = h("div", { class: "actions" });
  const footSlot = h("div", { class: "decision-foot" });
  const decisionBar = h("section", { class: "decision-bar", "aria-label": "Decision" }, headSlot, note, actionsSlot, footSlot);
  /** @type {ReturnType<typeof createRecordForm>} */
  let form;

  const evidenceFor = (/** @type {string} */ path) => {
    const record = live.record;
    if (record.evidence[path]) return { evidence: record.evidence[path], note: "" };
    const flagged = record.flags.find((/** @type {any} */ flag) => flag.path === path && flag.evidence);
    if (flagged) return { evidence: flagged.evidence, note: "" };
    const row = /^indicators\.(\d+)(?:\.|$)/.exec(path);
    const rowEvidence = row ? record.evidence[`indicators.${row[1]}.level3`] : null;
    if (rowEvidence) return { evidence: rowEvidence, note: path.endsWith(".level3") ? "" : "No cell was recorded for this field: showing its row's 三级指标 cell." };
    if (!/\.\d+\.|^(?:project|money)\.|^goals$/.test(path)) return { evidence: null, note: `This concerns ${describePath(path)} as a whole, not one cell.` };
    return { evidence: null, note: `No evidence was recorded for ${describePath(path)}.` };
  };
  const focusField = (/** @type {string} */ path) => {
    const found = evidenceFor(path);
    viewer.show(found.evidence, undefined, found.note);
  };

  const renderFlags = () => {
    const flags = live.record.flags;
    replaceChildren(
      flagPanel,
      h("h3", { text: flags.length === 0 ? "No flags" : `Flags (${flags.length})` }),
      h(
        "ul",
        { class: "flag-list" },
        ...flags.map((/** @type {any} */ flag) =>
          h(
            "li",
            { class: `flag ${flag.severity}` },
            h("button", { type: "button", class: "flag-target", onclick: () => goToField(flag.path), text: describePath(flag.path) }),
            h("span", { class: "code", text: flag.code }),
            h("span", { class: "message", text: flag.message }),
          ),
        ),
        ...live.resolvedFlags.map((/** @type {any} */ flag) =>
          h(
            "li",
            { class: "flag resolved", dataset: { code: flag.code } },
            h("button", { type: "button", class: "flag-target", onclick: () => goToField(flag.path), text: describePath(flag.path) }),
            h("span", { class: "code", text: flag.code }),
            h("span", { class: "message", text: "resolved by the correction" }),
          ),
        ),
      ),
    );
    form.showFlags(flags, live.issues);
  };

  const goToField = (/** @type {string} */ path) => {
    // A flag on a whole indicator row (a duplicate) goes to the row's name.
    const input = form.inputs.get(path) ?? form.inputs.get(`${path}.level3`);
    if (input) {
      input.focus();
      input.scrollIntoView({ block: "center", behavior: "smooth" });
    } else {
      const section = formSlot.querySelector(`[data-section="${path.split(".")[0]}"]`);
      section?.scrollIntoView({ block: "start", behavior: "smooth" });
      focusField(path);
    }
  };

  const renderDecisionBar = () => {
    const edits = form.edits();
    const count = Object.keys(edits).length;
    const decision = view.decision;
    const status = decision
      ? h(
          "p",
          { class: `decision-status ${decision.action}` },
          h("span", { class: `status ${decision.action}`, text: STATUS_LABELS[decision.action] }),
          ` by ${decision.reviewer}, ${formatTime(decision.decidedAt)}`,
          decision.note ? h("span", { class: "decision-note" }, " — ", h("q", { text: decision.note })) : null,
          decision.stale ? h("span", { class: "stale", text: " The pipeline's record changed since (re-run): review it again." }) : null,
          decision.editError ? h("span", { class: "stale", text: ` ${decision.editError}` }) : null,
        )
      : h("p", { class: "decision-status todo" }, h("span", { class: "status todo", text: STATUS_LABELS.todo }), view.queued ? " in the review queue" : " (not in the review queue)");
    // Accepting again what is already saved would only add a duplicate decision to the history.
    const saved = decision !== null && !decision.stale && decision.action === (count > 0 ? "correct" : "accept") && sameEdits(edits, view.edits) && note.value.trim() === decision.note;
    const acceptLabel = saved
      ? count > 0 ? `Saved with ${count} correction${count === 1 ? "" : "s"}` : "Accepted"
      : count > 0 ? `Accept with ${count} correction${count === 1 ? "" : "s"}` : "Accept";
    // What is promoted is the saved decision, so unsaved corrections must be saved (accepted) first.
    const promotable = decision !== null && decision.action !== "reject" && !decision.stale && !decision.editError && sameEdits(edits, view.edits);
    replaceChildren(
      headSlot,
      h("h2", { class: "record-title", text: view.record.project.name || "(no name)" }),
      h("p", { class: "record-meta" }, `${view.record.document.path.split("/").pop()} · ${view.record.document.region ?? ""} ${view.record.document.year ?? ""} · pages ${view.record.unit.pages.join(", ")} · `, h("code", { text: id })),
      status,
    );
    replaceChildren(
      actionsSlot,
      h("button", { type: "button", class: "primary", id: "accept", disabled: busy || live.issues.length > 0 || saved, onclick: accept, text: acceptLabel }, h("kbd", { text: "a" })),
      h("button", { type: "button", class: "danger", id: "reject", disabled: busy, onclick: reject, text: "Reject" }),
      h("button", { type: "button", id: "reset", disabled: busy || count === 0, onclick: resetEdits, text: "Undo corrections" }),
      h("button", {
        type: "button",
        id: "promote",
        disabled: busy || !promotable,
        title: promotable ? "Write this record as gold into fixtures/gold/promoted" : "Accept or correct the record (and save) first",
        onclick: promote,
        text: view.promotion ? "Promote again" : "Promote to fixture",
      }),
      h("span", { class: "spacer" }),
      h("button", { type: "button", class: "nav", onclick: () => go(-1), title: "previous (k)", text: "‹ Prev" }),
      h("button", { type: "button", class: "nav", onclick: () => go(1), title: "next (j)", text: "Next ›" }),
    );
    replaceChildren(
      footSlot,
      view.promotion ? h("p", { class: "promotion", text: `Promoted to ${view.promotion.goldFile.split("/").slice(-3).join("/")} by ${view.promotion.reviewer}, ${formatTime(view.promotion.promotedAt)}` }) : null,
      view.history.length > 1
        ? h("details", { class: "history" }, h("summary", { text: `History (${view.history.length})` }), h("ol", {}, ...view.history.map((/** @type {any} */ item) => h("li", { text: `${STATUS_LABELS[item.action]} by ${item.reviewer}, ${formatTime(item.decidedAt)}${item.note ? ` — ${item.note}` : ""}` }))))
        : null,
    );
  };

  const mount = () => {
    form = createRecordForm(view, { onInput, onFocusField: focusField });
    replaceChildren(formSlot, form.element);
    note.value = view.decision?.note ?? "";
    live = { record: view.record, resolvedFlags: view.resolvedFlags, issues: [] };
    renderFlags();
    renderDecisionBar();
  };

  function onInput() {
    form.markEdited();
    renderDecisionBar();
    window.clearTimeout(checkTimer);
    checkTimer = window.setTimeout(check, CHECK_DELAY_MS);
  }

  async function check() {
    const sequence = ++checkSequence;
    try {
      const result = await postJson(recordPath(id, "check"), { edits: form.edits() });
      if (sequence !== checkSequence) return;
      live = result.ok ? { record: result.record, resolvedFlags: result.resolvedFlags, issues: [] } : { ...live, issues: result.issues };
      renderFlags();
      renderDecisionBar();
    } catch (error) {
      if (sequence === checkSequence) toast(errorText(error), "error");
    }
  }

  /** @param {any} body @param {string} done */
  async function decide(body, done) {
    busy = true;
    renderDecisionBar();
    try {
      view = await postJson(recordPath(id, "decision"), body);
      mount();
      await refreshQueue();
      toast(done);
    } catch (error) {
      if (error instanceof ApiError && error.issues.length > 0) {
        live = { ...live, issues: error.issues };
        renderFlags();
      }
      toast(errorText(error), "error");
    } finally {
      busy = false;
      renderDecisionBar();
    }
  }

  async function accept() {
    if (busy) return;
    window.clearTimeout(checkTimer);
    const edits = form.edits();
    const corrected = Object.keys(edits).length > 0;
    await decide(corrected ? { action: "correct", note: note.value, edits } : { action: "accept", note: note.value }, corrected ? "Saved: corrected and accepted" : "Saved: accepted");
  }

  async function reject() {
    if (busy) return;
    if (note.value.trim() === "") {
      note.focus();
      toast("Write in the note why the record is rejected, then press Reject again.", "error");
      return;
    }
    await decide({ action: "reject", note: note.value }, "Saved: rejected");
  }

  function resetEdits() {
    for (const [path, input] of form.inputs) input.value = view.originalFields[path] ?? "";
    onInput();
  }

  async function promote() {
    // Gold is what the page says: a "correction" of the document's own mistake would teach the eval a wrong reading.
    if (view.decision?.action === "correct" && !window.confirm("Gold must say what the page says. Promote only if every correction fixes a misreading by the pipeline, not a mistake in the document itself (such as a typo in the disclosure). Promote?")) return;
    busy = true;
    renderDecisionBar();
    try {
      const result = await postJson(recordPath(id, "promote"), {});
      view = await getJson(recordPath(id));
      toast(`Gold written: ${result.file} (${result.projects} of ${result.documentProjects} projects of this document)`);
    } catch (error) {
      toast(errorText(error), "error");
    } finally {
      busy = false;
      renderDecisionBar();
    }
  }

  /** @param {1 | -1} direction */
  async function go(direction) {
    const target = await neighbourOf(id, direction);
    if (target) location.hash = `#/records/${encodeURIComponent(target)}`;
    else toast(direction > 0 ? "This is the last record of the queue (as filtered)." : "This is the first record of the queue (as filtered).");
  }

  replaceChildren(
    container,
    h(
      "div",
      { class: "record-layout" },
      h("div", { class: "page-pane" }, viewer.element),
      h("div", { class: "form-pane" }, decisionBar, flagPanel, formSlot),
    ),
  );
  document.title = `${view.record.project.name || id} · Review`;
  mount();
  const first = live.record.flags.find((/** @type {any} */ flag) => flag.severity !== "info") ?? live.record.flags[0];
  if (first) focusField(first.path);
  else viewer.show(null, view.record.unit.pages[0]);

  const isDirty = () => !sameEdits(form.edits(), view.edits);
  return {
    isDirty,
    /** @param {KeyboardEvent} event */
    onKey(event) {
      const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLSelectElement;
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        void accept();
        return true;
      }
      if (typing) {
        if (event.key === "Escape") /** @type {HTMLElement} */ (event.target).blur();
        return event.key === "Escape";
      }
      if (event.key === "a") void accept();
      else if (event.key === "j" || event.key === "n") void go(1);
      else if (event.key === "k" || event.key === "p") void go(-1);
      else if (event.key === "r") note.focus();
      else if (event.key === "Escape" || event.key === "u") location.hash = "#/";
      else return false;
      return true;
    },
  };
}

/** @param {Record<string, string>} a @param {Record<string, string>} b */
function sameEdits(a, b) {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** @param {unknown} error */
function errorText(error) {
  return error instanceof Error ? error.message : String(error);
}
