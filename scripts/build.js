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
import { parseArgs } from "node:util";
import { BUILD_DIR, MANIFEST_FILE, listAssets, listSources, repositoryRoot } from "../bin/build-layout.js";

const root = repositoryRoot;
// --out DIR (inside the repository, so the build still finds node_modules): a second build beside build/, for tests.
const { values } = parseArgs({ options: { out: { type: "string" }, quiet: { type: "boolean", default: false } } });
const outDir = values.out ? path.resolve(root, values.out) : BUILD_DIR;
const manifestFile = values.out ? path.join(outDir, path.basename(MANIFEST_FILE)) : MANIFEST_FILE;
const startedAt = Date.now();
const sources = listSources();
const assets = listAssets();
rmSync(outDir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: sources,
  outdir: outDir,
  outbase: root,
  format: "esm",
  platform: "node",
  target: "node20",
  bundle: false,
  sourcemap: false,
  logLevel: "warning",
});
for (const asset of assets) {
  const target = path.join(outDir, asset);
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(path.join(root, asset), target);
}
// Written last: a build that failed halfway has no manifest, so the launcher never runs it.
writeFileSync(manifestFile, `${JSON.stringify({ builtAt: startedAt, files: [...sources, ...assets] }, null, 1)}\n`);
if (!values.quiet) console.log(`build: ${sources.length} modules and ${assets.length} assets in ${path.relative(process.cwd(), outDir) || "."} (${Date.now() - startedAt} ms)`);
