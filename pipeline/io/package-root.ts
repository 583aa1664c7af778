import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The repository root: the nearest directory at or above `moduleUrl`'s that holds a package.json. The same
 * from the TypeScript sources (`eval/x.ts`) and from the compiled build (`build/eval/x.js`), which a fixed
 * number of `..` would not be.
 */
export function packageRoot(moduleUrl: string): string {
  let directory = path.dirname(fileURLToPath(moduleUrl));
  while (!existsSync(path.join(directory, "package.json"))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`No package.json above ${fileURLToPath(moduleUrl)}`);
    directory = parent;
  }
  return directory;
}
