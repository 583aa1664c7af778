/**
 * The only way this page builds DOM. Text, whatever it holds, becomes a Text node or a property value: document
 * text is untrusted (a disclosure can contain markup), so nothing here ever parses a string as HTML. The
 * Content-Security-Policy's Trusted Types rule makes the browser refuse innerHTML with a string anyway.
 */

/**
 * `h("td", { class: "cell", dataset: { path } }, "text", childNode)`.
 * Props: `class`, `text`, `dataset`, `on<event>` listeners, `value`/`checked`/`disabled` as properties, other
 * keys as attributes (never `on…` strings: listeners are functions).
 * @param {string} tag
 * @param {Record<string, unknown>} [props]
 * @param {...(Node | string | number | null | undefined | false | Array<Node | string | null | undefined | false>)} children
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") element.className = String(value);
    else if (key === "text") element.textContent = String(value);
    else if (key === "dataset") Object.assign(element.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") element.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    else if (key === "value" || key === "checked" || key === "disabled" || key === "hidden") /** @type {any} */ (element)[key] = value;
    else if (key.startsWith("on")) throw new Error(`h(): ${key} must be a function`);
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

/** @param {Node} parent @param {Array<unknown>} children */
function append(parent, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `parent`. @param {Element} parent @param {...(Node | string | null | undefined | false)} children */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}
