#!/usr/bin/env node
/**
 * `npm run build`: the TypeScript sources compiled to plain JavaScript in build/, one .js file per .ts file
 * in the same folders, so `node build/bin/ingest.js` runs without a TypeScript loader (under tsx every
 * worker thread registers the loader again and pdf.js alone costs about four times the CPU). Files the
 * code reads beside itself (prompt templates, the review page) are copied along. Type checking stays with
 * `npm run typecheck`: this is esbuild's per-file transform, the same one tsx applies, so the build runs
 * exactly the code the sources run, in well under a second.
 *
 * build/manifest.json lists every file the build was made from and when: `bin/launch.js` runs the build
 * only while none of them changed and no source was added, and the sources through tsx otherwise.
 */
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BUILD_DIR, MANIFEST_FILE, listAssets, listSources, repositoryRoot } from "../bin/build-layout.js";

const root = repositoryRoot;
const startedAt = Date.now();
const sources = listSources();
const assets = listAssets();
rmSync(BUILD_DIR, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: sources,
  outdir: BUILD_DIR,
  outbase: root,
  format: "esm",
  platform: "node",
  target: "node20",
  bundle: false,
  sourcemap: false,
  logLevel: "warning",
});
for (const asset of assets) {
  const target = path.join(BUILD_DIR, asset);
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(path.join(root, asset), target);
}
// Written last: a build that failed halfway has no manifest, so the launcher never runs it.
writeFileSync(MANIFEST_FILE, `${JSON.stringify({ builtAt: startedAt, files: [...sources, ...assets] }, null, 1)}\n`);
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]) && !process.argv.includes("--quiet")) {
  console.log(`build: ${sources.length} modules and ${assets.length} assets in ${path.relative(process.cwd(), BUILD_DIR) || "."} (${Date.now() - startedAt} ms)`);
}
