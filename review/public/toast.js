/** A short message at the bottom of the screen, read out by screen readers (the element is a live region). */

let timer = 0;

/** @param {string} message @param {"info" | "error"} [kind] */
export function toast(message, kind = "info") {
  const element = document.getElementById("toast");
  if (!element) return;
  element.textContent = message;
  element.className = `toast visible ${kind}`;
  window.clearTimeout(timer);
  timer = window.setTimeout(() => (element.className = "toast"), kind === "error" ? 8000 : 3500);
}
