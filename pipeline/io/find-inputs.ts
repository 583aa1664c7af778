import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../errors.js";
import { readManifest, type ManifestEntry } from "./read-manifest.js";

export type InputDocument = ManifestEntry;

/**
 * The PDF files named by the inputs: files as given, folders searched recursively for `*.pdf`, simple
 * globs (`*`, `**`, `?`), and manifests (`*.csv` with a `path` column and metadata). Sorted and
 * de-duplicated, so a run's order is stable; a manifest's metadata stays with its file.
 */
export async function findInputs(inputs: readonly string[]): Promise<InputDocument[]> {
  if (inputs.length === 0) throw new ConfigError("No input: name PDF files, folders, globs or a manifest CSV, e.g. `ingest fixtures/pdf`");
  const found = new Set<string>();
  const metadata = new Map<string, ManifestEntry["metadata"]>();
  for (const input of inputs) {
    if (input.toLowerCase().endsWith(".csv")) {
      for (const entry of await readManifest(input)) {
        found.add(entry.path);
        metadata.set(entry.path, entry.metadata);
      }
      continue;
    }
    if (/[*?]/.test(input)) {
      const matches = await expandGlob(input);
      if (matches.length === 0) throw new ConfigError(`No file matches ${input}`);
      matches.forEach((file) => found.add(file));
      continue;
    }
    const info = await stat(input).catch(() => null);
    if (!info) throw new ConfigError(`Input not found: ${input}`);
    if (info.isDirectory()) (await walkPdfs(input)).forEach((file) => found.add(file));
    else found.add(path.resolve(input));
  }
  return [...found].sort().map((file) => ({ path: file, metadata: metadata.get(file) ?? {} }));
}

async function walkPdfs(directory: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const full = path.resolve(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await walkPdfs(full)));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith(".pdf")) files.push(full);
  }
  return files;
}

async function expandGlob(pattern: string): Promise<string[]> {
  const absolute = path.resolve(pattern);
  const firstWildcard = absolute.search(/[*?]/);
  const base = absolute.slice(0, absolute.lastIndexOf(path.sep, firstWildcard)) || path.sep;
  const expression = new RegExp(
    "^" +
      absolute
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*\*\//g, "\u0000")
        .replace(/\*\*/g, "\u0001")
        .replace(/\*/g, "[^/]*")
        .replace(/\?/g, "[^/]")
        .replace(/\u0000/g, "(?:.*/)?")
        .replace(/\u0001/g, ".*") +
      "$",
  );
  const all = await walkAll(base);
  return all.filter((file) => expression.test(file));
}

async function walkAll(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await walkAll(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}
