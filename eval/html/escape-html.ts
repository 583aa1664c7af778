/**
 * Text as HTML text or attribute value. Everything a document says (names, values, source text) is untrusted:
 * a disclosure can contain markup, so every string of a report goes through this before it enters the page.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => ESCAPES[character]!);
}

const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };
