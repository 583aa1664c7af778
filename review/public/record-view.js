import { ApiError, getJson, postJson, recordPath } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { STATUS_LABELS, describePath, formatTime } from "./format.js";
import { createPageViewer } from "./page-viewer.js";
import { codeExplanation, codeTitle, t } from "./i18n.js";
import { neighbourOf } from "./queue-state.js";
import { createRecordForm } from "./record-form.js";
import { toast } from "./toast.js";

/** Live validation waits this long after the last keystroke. */
const CHECK_DELAY_MS = 250;

/** Whether a saved decision opens the next record of the queue (kept for the browser). */
const AUTO_ADVANCE_KEY = "review-auto-advance";

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
    h("textarea", { class: "note", name: "note", rows: "2", placeholder: t("notePlaceholder"), oninput: () => renderDecisionBar() })
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
    if (rowEvidence) return { evidence: rowEvidence, note: path.endsWith(".level3") ? "" : t("rowEvidence") };
    if (!/\.\d+\.|^(?:project|money)\.|^goals$/.test(path)) return { evidence: null, note: t("wholeField", { field: describePath(path) }) };
    return { evidence: null, note: t("noEvidence", { field: describePath(path) }) };
  };
  const focusField = (/** @type {string} */ path) => {
    const found = evidenceFor(path);
    viewer.show(found.evidence, undefined, found.note);
  };

  const renderFlags = () => {
    const flags = live.record.flags;
    replaceChildren(
      flagPanel,
      h("h3", { text: flags.length === 0 ? t("flagsNone") : t("flagsCount", { count: flags.length }) }),
      h(
        "ul",
        { class: "flag-list" },
        ...flags.map((/** @type {any} */ flag) =>
          flagItem(flag),
        ),
        ...live.resolvedFlags.map((/** @type {any} */ flag) =>
          h(
            "li",
            { class: "flag resolved", dataset: { code: flag.code } },
            h("button", { type: "button", class: "flag-target", onclick: () => goToField(flag.path), text: describePath(flag.path) }),
            h("span", { class: "flag-title", text: codeTitle(flag.code) }),
            h("span", { class: "code", text: flag.code }),
            h("span", { class: "message", text: t("resolvedByCorrection") }),
          ),
        ),
      ),
    );
    form.showFlags(flags, live.issues);
  };

  /** A flag with its catalogue title and explanation, and the analyst's verdict on it (or the buttons to give one). @param {any} flag */
  const flagItem = (flag) => {
    const key = `${flag.code} ${flag.path}`;
    const verdict = view.flagVerdicts[key];
    // Verdicts are on the pipeline's flags: one the re-validation raised anew has none to give yet.
    const judgeable = view.record.flags.some((/** @type {any} */ candidate) => candidate.code === flag.code && candidate.path === flag.path);
    return h(
      "li",
      { class: `flag ${flag.severity}${verdict?.verdict === "false_positive" ? " dismissed" : ""}`, dataset: { code: flag.code, path: flag.path } },
      h("button", { type: "button", class: "flag-target", onclick: () => goToField(flag.path), text: describePath(flag.path) }),
      h("span", { class: "flag-title", text: codeTitle(flag.code), title: codeExplanation(flag.code) }),
      h("span", { class: "code", text: flag.code }),
      h("span", { class: "message", text: flag.message }),
      h("span", { class: "explanation", text: codeExplanation(flag.code) }),
      verdict
        ? h("span", { class: `verdict ${verdict.verdict}`, text: t(`verdict_${verdict.verdict}`, { reviewer: verdict.reviewer, time: formatTime(verdict.decidedAt) }) + (verdict.bulk ? t("verdictBulk") : "") })
        : null,
      judgeable
        ? h(
            "span",
            { class: "verdict-actions" },
            verdict?.verdict !== "false_positive" ? h("button", { type: "button", class: "small dismiss-flag", title: t("falsePositiveTitle"), onclick: () => void judgeFlag(flag, "false_positive"), text: t("falsePositive") }) : null,
            verdict?.verdict !== "confirmed" ? h("button", { type: "button", class: "small confirm-flag", title: t("confirmFlagTitle"), onclick: () => void judgeFlag(flag, "confirmed"), text: t("confirmFlag") }) : null,
          )
        : null,
    );
  };

  /** @param {any} flag @param {"false_positive" | "confirmed"} verdict */
  async function judgeFlag(flag, verdict) {
    try {
      const updated = await postJson(recordPath(id, "flags"), { code: flag.code, path: flag.path, verdict, note: note.value });
      view = { ...view, flagVerdicts: updated.flagVerdicts };
      renderFlags();
      toast(t("verdictSaved"));
    } catch (error) {
      toast(errorText(error), "error");
    }
  }

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
          t("decidedBy", { reviewer: decision.reviewer, time: formatTime(decision.decidedAt) }),
          decision.note ? h("span", { class: "decision-note" }, " — ", h("q", { text: decision.note })) : null,
          decision.stale ? h("span", { class: "stale", text: t("staleDecision") }) : null,
          decision.editError ? h("span", { class: "stale", text: ` ${decision.editError}` }) : null,
        )
      : h("p", { class: "decision-status todo" }, h("span", { class: "status todo", text: STATUS_LABELS.todo }), view.queued ? t("inReviewQueue") : t("notInReviewQueue"));
    // Accepting again what is already saved would only add a duplicate decision to the history.
    const saved = decision !== null && !decision.stale && decision.action === (count > 0 ? "correct" : "accept") && sameEdits(edits, view.edits) && note.value.trim() === decision.note;
    const plural = count === 1 ? "" : "s";
    const acceptLabel = saved
      ? count > 0 ? t("savedWith", { count, plural }) : t("acceptedButton")
      : count > 0 ? t("acceptWith", { count, plural }) : t("accept");
    // What is promoted is the saved decision, so unsaved corrections must be saved (accepted) first.
    const promotable = decision !== null && decision.action !== "reject" && !decision.stale && !decision.editError && sameEdits(edits, view.edits);
    replaceChildren(
      headSlot,
      h("h2", { class: "record-title", text: view.record.project.name || t("noName") }),
      h("p", { class: "record-meta" }, `${view.record.document.path.split("/").pop()} · ${view.record.document.region ?? ""} ${view.record.document.year ?? ""} · ${t("pages", { pages: view.record.unit.pages.join(", ") })} · `, h("code", { text: id })),
      status,
    );
    replaceChildren(
      actionsSlot,
      h("button", { type: "button", class: "primary", id: "accept", disabled: busy || live.issues.length > 0 || saved, onclick: accept, text: acceptLabel }, h("kbd", { text: "a" })),
      h("button", { type: "button", class: "danger", id: "reject", disabled: busy, onclick: reject, text: t("reject") }),
      h("button", { type: "button", id: "reset", disabled: busy || count === 0, onclick: resetEdits, text: t("undo") }),
      h("button", {
        type: "button",
        id: "promote",
        disabled: busy || !promotable,
        title: promotable ? t("promoteTitle") : t("promoteFirst"),
        onclick: promote,
        text: view.promotion ? t("promoteAgain") : t("promote"),
      }),
      h("span", { class: "spacer" }),
      h(
        "label",
        { class: "auto-advance" },
        h("input", { type: "checkbox", name: "auto-advance", checked: autoAdvance(), onchange: (/** @type {Event} */ event) => localStorage.setItem(AUTO_ADVANCE_KEY, /** @type {HTMLInputElement} */ (event.target).checked ? "1" : "0") }),
        h("span", { text: t("autoAdvance") }),
      ),
      h("button", { type: "button", class: "nav", onclick: () => go(-1), title: t("previousTitle"), text: t("previous") }),
      h("button", { type: "button", class: "nav", onclick: () => go(1), title: t("nextTitle"), text: t("next") }),
    );
    replaceChildren(
      footSlot,
      view.promotion ? h("p", { class: "promotion", text: t("promotedTo", { file: view.promotion.goldFile.split("/").slice(-3).join("/"), reviewer: view.promotion.reviewer, time: formatTime(view.promotion.promotedAt) }) }) : null,
      view.history.length > 1
        ? h("details", { class: "history" }, h("summary", { text: t("history", { count: view.history.length }) }), h("ol", {}, ...view.history.map((/** @type {any} */ item) => h("li", { text: `${STATUS_LABELS[item.action]} by ${item.reviewer}, ${formatTime(item.decidedAt)}${item.note ? ` — ${item.note}` : ""}` }))))
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
      // accept / correct / reject moves on: the next record of the queue as filtered, if there is one.
      const next = autoAdvance() ? await neighbourOf(id, 1) : null;
      if (next) {
        toast(done);
        location.hash = `#/records/${encodeURIComponent(next)}`;
      } else toast(autoAdvance() ? `${done} · ${t("lastRecord")}` : done);
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
    await decide(corrected ? { action: "correct", note: note.value, edits } : { action: "accept", note: note.value }, corrected ? t("savedCorrected") : t("savedAccepted"));
  }

  async function reject() {
    if (busy) return;
    if (note.value.trim() === "") {
      note.focus();
      toast(t("rejectNeedsNote"), "error");
      return;
    }
    await decide({ action: "reject", note: note.value }, t("savedRejected"));
  }

  function resetEdits() {
    for (const [path, input] of form.inputs) input.value = view.originalFields[path] ?? "";
    onInput();
  }

  async function promote() {
    // Gold is what the page says: a "correction" of the document's own mistake would teach the eval a wrong reading.
    if (view.decision?.action === "correct" && !window.confirm(t("promoteConfirm"))) return;
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
    else toast(direction > 0 ? t("lastRecord") : t("firstRecord"));
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

function autoAdvance() {
  return localStorage.getItem(AUTO_ADVANCE_KEY) !== "0";
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
