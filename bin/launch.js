/**
 * Runs one of the repository's TypeScript entry points (`bin/ingest.ts`, `eval/run-eval.ts`, …): the
 * compiled copy in build/ when it is current, so neither the process nor its worker threads load a
 * TypeScript loader; otherwise the sources themselves through tsx, so a fresh clone works without a build
 * and an edited source is never shadowed by an old build (a one-line note on stderr says so).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { BUILD_DIR, buildState, repositoryRoot } from "./build-layout.js";

/** @param {string} entry the entry point's path from the repository root, e.g. `bin/ingest.ts` */
export async function launch(entry) {
  const state = buildState();
  if (state.current) {
    await import(pathToFileURL(path.join(BUILD_DIR, entry.replace(/\.ts$/, ".js"))).href);
    return;
  }
  if (state.built) process.stderr.write(`note: running the TypeScript sources through tsx: ${state.reason}\n`);
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(path.join(repositoryRoot, entry)).href);
}
