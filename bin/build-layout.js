/**
 * What the compiled build (build/, made by scripts/build.js) is made of, and whether it is still current.
 * Plain JavaScript, because the launcher that uses it must run before any TypeScript loader.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const BUILD_DIR = path.join(repositoryRoot, "build");
export const MANIFEST_FILE = path.join(BUILD_DIR, "manifest.json");

/** Folders whose TypeScript is compiled. Tests are left out: vitest runs the sources. */
const SOURCE_DIRS = ["bin", "pipeline", "schemas", "prompts", "eval", "bench", "review", "test"];
/** Files the code reads from beside itself, copied into the build. */
const ASSET_DIRS = [
  { dir: "prompts", matches: (file) => file.endsWith(".md") },
  { dir: "review/public", matches: () => true },
  // The int8 models' manifest, so a run from the build fingerprints the models it reads (they stay in models/).
  { dir: "models", matches: (file) => file.endsWith(".json") },
];

/** Every module of the build, relative to the repository root, in a stable order. */
export function listSources() {
  return SOURCE_DIRS.flatMap((dir) => walk(dir)).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.endsWith(".d.ts"));
}

export function listAssets() {
  return ASSET_DIRS.flatMap(({ dir, matches }) => walk(dir).filter(matches));
}

/**
 * Whether build/ can stand in for the sources: it exists, was finished, and none of the files it was made
 * from changed (or went missing) since, and no module was added. `built` says whether there is a build
 * at all; `reason` says why it cannot be used, for the person who runs a command and gets the slower path.
 */
export function buildState() {
  if (!existsSync(MANIFEST_FILE)) return { current: false, built: false, reason: "there is no build (npm run build makes one)" };
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST_FILE, "utf8"));
  } catch {
    return { current: false, built: true, reason: "build/manifest.json is unreadable: run npm run build" };
  }
  const built = new Set(manifest.files);
  for (const file of manifest.files) {
    const stats = statSync(path.join(repositoryRoot, file), { throwIfNoEntry: false });
    if (!stats) return { current: false, built: true, reason: `${file} was removed after the last build: run npm run build` };
    if (stats.mtimeMs > manifest.builtAt) return { current: false, built: true, reason: `${file} changed after the last build: run npm run build` };
  }
  const added = listSources().find((file) => !built.has(file));
  if (added) return { current: false, built: true, reason: `${added} was added after the last build: run npm run build` };
  return { current: true, built: true, reason: "" };
}

function walk(dir) {
  const absolute = path.join(repositoryRoot, dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" ? [] : walk(relative);
      return entry.isFile() ? [relative] : [];
    });
}
