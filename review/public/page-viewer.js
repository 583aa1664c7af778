import { recordPath } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { t } from "./i18n.js";

/** @typedef {{ page: number, text: string, box: { x: number, y: number, width: number, height: number } | null }} Evidence */

/** Zoom levels of the page image, as a share of the pane's width. */
const ZOOMS = [1, 1.5, 2, 3];

/**
 * The source page as an image rendered by the server, with the evidence of the selected field highlighted.
 * Evidence boxes are in PDF points, origin top-left; the image is `renderScale` pixels per point, so a box
 * becomes percentages of the image and stays in place at any displayed size. Every piece of evidence is a
 * cell box (on text-layer pages and scans alike), so the highlight is always the box.
 *
 * @param {{ recordId: string, pages: number[], pageCount: number, renderScale: number }} options
 */
export function createPageViewer({ recordId, pages, pageCount, renderScale }) {
  const image = /** @type {HTMLImageElement} */ (h("img", { class: "page-image", alt: t("sourcePage") }));
  const highlight = h("div", { class: "highlight", hidden: true });
  const frame = h("div", { class: "page-frame" }, image, highlight);
  const scroller = h("div", { class: "page-scroll" }, frame);
  const caption = h("div", { class: "evidence-caption" });
  const status = h("div", { class: "page-status", role: "status" });
  const pageButtons = h("div", { class: "page-buttons", role: "group", "aria-label": "Pages" });
  /** @type {number | null} */
  let page = null;
  // Landscape row-list pages are small at pane width; the analyst's zoom is kept for the tab.
  let zoom = Number(sessionStorage.getItem("review-zoom")) || 1;
  /** @type {Evidence | null} */
  let evidence = null;

  const renderButtons = () => {
    const shown = page ?? 1;
    const numbers = [...new Set([...pages, ...(page !== null ? [page] : [])])].sort((a, b) => a - b);
    replaceChildren(
      pageButtons,
      h("span", { class: "label", text: t("page") }),
      ...numbers.map((number) =>
        h("button", { type: "button", class: number === page ? "page-button current" : "page-button", text: String(number), onclick: () => show(null, number) }),
      ),
      shown > 1 ? h("button", { type: "button", class: "page-button step", text: "‹", title: t("previousPageTitle"), onclick: () => show(null, shown - 1) }) : null,
      shown < pageCount ? h("button", { type: "button", class: "page-button step", text: "›", title: t("nextPageTitle"), onclick: () => show(null, shown + 1) }) : null,
      h("span", { class: "zoom" },
        h("button", { type: "button", class: "page-button step", text: "−", title: t("zoomOut"), disabled: zoom <= ZOOMS[0], onclick: () => setZoom(-1) }),
        h("span", { class: "zoom-level", text: `${Math.round(zoom * 100)}%` }),
        h("button", { type: "button", class: "page-button step", text: "+", title: t("zoomIn"), disabled: zoom >= ZOOMS[ZOOMS.length - 1], onclick: () => setZoom(1) }),
      ),
      h("a", { class: "pdf-link", href: recordPath(recordId, "document.pdf"), download: "", text: t("downloadPdf") }),
    );
  };

  const placeHighlight = () => {
    const box = evidence && evidence.page === page ? evidence.box : null;
    if (!box || !image.naturalWidth) {
      highlight.hidden = true;
      return;
    }
    const widthPoints = image.naturalWidth / renderScale;
    const heightPoints = image.naturalHeight / renderScale;
    // A little margin, so the box frames the cell instead of covering its border.
    const margin = 1.5;
    highlight.style.left = `${((box.x - margin) / widthPoints) * 100}%`;
    highlight.style.top = `${((box.y - margin) / heightPoints) * 100}%`;
    highlight.style.width = `${((box.width + 2 * margin) / widthPoints) * 100}%`;
    highlight.style.height = `${((box.height + 2 * margin) / heightPoints) * 100}%`;
    highlight.hidden = false;
    highlight.scrollIntoView({ block: "center", inline: "nearest", behavior: "smooth" });
  };

  /** @param {1 | -1} step */
  const setZoom = (step) => {
    const index = ZOOMS.indexOf(zoom);
    zoom = ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, (index < 0 ? 0 : index) + step))] ?? 1;
    sessionStorage.setItem("review-zoom", String(zoom));
    applyZoom();
    renderButtons();
    placeHighlight();
  };
  const applyZoom = () => {
    frame.style.width = `${zoom * 100}%`;
    frame.style.maxWidth = zoom === 1 ? "" : "none";
  };
  applyZoom();

  image.addEventListener("load", () => {
    status.textContent = "";
    frame.classList.remove("loading");
    placeHighlight();
  });
  image.addEventListener("error", async () => {
    frame.classList.remove("loading");
    // The image request's error body says why (PDF moved, changed since the run …); fetch it to show it.
    const response = await fetch(image.src).catch(() => null);
    const body = response ? await response.json().catch(() => null) : null;
    status.textContent = body?.error?.message ?? t("pageNotRendered");
  });

  /**
   * Shows `found` (evidence of a field) or, without it, page `fallbackPage`.
   * @param {Evidence | null} found @param {number} [fallbackPage] @param {string} [note] said under the evidence
   */
  function show(found, fallbackPage, note) {
    evidence = found;
    const target = found?.page ?? fallbackPage ?? page ?? pages[0] ?? 1;
    caption.replaceChildren();
    if (found) {
      caption.append(h("span", { class: "label", text: t("evidencePage", { page: found.page }) }), " ", h("q", { text: found.text }));
      if (!found.box) caption.append(h("span", { class: "hint", text: t("noBox") }));
      if (note) caption.append(" ", h("span", { class: "hint", text: note }));
    } else if (note) {
      caption.append(h("span", { class: "hint", text: note }));
    }
    if (target !== page) {
      page = target;
      frame.classList.add("loading");
      status.textContent = t("renderingPage");
      highlight.hidden = true;
      image.src = recordPath(recordId, `pages/${page}`);
    } else {
      placeHighlight();
    }
    renderButtons();
  }

  const element = h("section", { class: "viewer", "aria-label": "Source page" }, pageButtons, caption, status, scroller);
  return { element, show };
}
