import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ReviewConfigError } from "../review-errors.js";

/** The page's files: review/public, served as-is. */
export const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../public");

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

export interface StaticAsset {
  readonly contentType: string;
  readonly bytes: Buffer;
}

/** Placeholder in index.html replaced by the server's CSRF token (hex, so it needs no escaping). */
const CSRF_PLACEHOLDER = "__REVIEW_CSRF_TOKEN__";

/**
 * Every file of the page, read once at start-up into a map keyed by URL path (`/app.js`; `/` for index.html).
 * A request is answered from this map or not at all: no URL is ever turned into a file-system path, so no
 * `..`, encoded slash or symlink can reach another file.
 */
export function loadStaticAssets(csrfToken: string, directory: string = PUBLIC_DIR): ReadonlyMap<string, StaticAsset> {
  const assets = new Map<string, StaticAsset>();
  for (const name of readdirSync(directory)) {
    const file = path.join(directory, name);
    const contentType = CONTENT_TYPES[path.extname(name)];
    if (contentType === undefined || !statSync(file).isFile()) continue;
    if (name === "index.html") {
      const html = readFileSync(file, "utf8").replaceAll(CSRF_PLACEHOLDER, csrfToken);
      assets.set("/", { contentType, bytes: Buffer.from(html) });
    } else {
      assets.set(`/${name}`, { contentType, bytes: readFileSync(file) });
    }
  }
  if (!assets.has("/")) throw new ReviewConfigError(`${directory} has no index.html: the review page is missing from this checkout`);
  return assets;
}
