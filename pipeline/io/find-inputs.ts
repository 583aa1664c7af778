import { readdir, stat } from "node:fs/promises";
import type { Dirent } from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import { readManifest, type ManifestEntry } from "./read-manifest.js";

export type InputDocument = ManifestEntry;

/** What a folder or glob held besides the PDFs it gave: said to the user, never dropped silently. */
interface Skipped {
  readonly notPdf: string[];
  readonly brokenLinks: string[];
  readonly linkedFolders: string[];
}

/**
 * The PDF files named by the inputs: files as given, folders searched recursively for `*.pdf`, simple
 * globs (`*`, `**`, `?`), and manifests (`*.csv` with a `path` column and metadata). Sorted and
 * de-duplicated, so a run's order is stable; a manifest's metadata stays with its file. A symbolic link to a
 * file is followed like the file (archives are often folders of links); a link to a folder is not (it could
 * loop) and a broken link is skipped, each said in a warning, as are the files that are not PDFs. Inputs that
 * give no PDF at all are a usage error that says what was found.
 */
export async function findInputs(inputs: readonly string[], logger: Logger = silentLogger): Promise<InputDocument[]> {
  if (inputs.length === 0) throw new ConfigError("No input: name PDF files, folders, globs or a manifest CSV, e.g. `ingest fixtures/pdf`");
  const found = new Set<string>();
  const metadata = new Map<string, ManifestEntry["metadata"]>();
  const emptyInputs: string[] = [];
  for (const input of inputs) {
    if (input.toLowerCase().endsWith(".csv")) {
      const manifest = await readManifest(input);
      // A guessed encoding is worth a warning: a wrong guess garbles every metadata value.
      logger[manifest.encoding === "gb18030" ? "warn" : "info"]("manifest-read", { file: input, rows: manifest.entries.length, encoding: manifest.encoding });
      for (const entry of manifest.entries) {
        found.add(entry.path);
        metadata.set(entry.path, entry.metadata);
      }
      if (manifest.entries.length === 0) emptyInputs.push(`manifest ${input} has no rows`);
    } else if (/[*?]/.test(input)) {
      const skipped = emptySkipped();
      const matches = await expandGlob(input, skipped);
      if (matches.length === 0) throw new ConfigError(`No file matches ${input}${describeSkipped(skipped, "")}`);
      matches.forEach((file) => found.add(file));
      reportSkipped(input, skipped, logger);
    } else {
      const info = await stat(input).catch(() => null);
      if (!info) throw new ConfigError(`Input not found: ${input}`);
      if (info.isDirectory()) {
        const skipped = emptySkipped();
        const pdfs = await walkPdfs(input, skipped);
        pdfs.forEach((file) => found.add(file));
        reportSkipped(input, skipped, logger);
        if (pdfs.length === 0) emptyInputs.push(`${input} holds no PDF${describeSkipped(skipped, " (it is empty)")}`);
      } else found.add(path.resolve(input));
    }
  }
  if (found.size === 0) throw new ConfigError(`No PDF to ingest: ${emptyInputs.join("; ")}`);
  for (const line of emptyInputs) logger.warn("input-empty", { reason: line });
  logger.info("inputs-found", { documents: found.size });
  return [...found].sort().map((file) => ({ path: file, metadata: metadata.get(file) ?? {} }));
}

function emptySkipped(): Skipped {
  return { notPdf: [], brokenLinks: [], linkedFolders: [] };
}

function reportSkipped(input: string, skipped: Skipped, logger: Logger): void {
  if (skipped.notPdf.length + skipped.brokenLinks.length + skipped.linkedFolders.length === 0) return;
  logger.warn("inputs-skipped", {
    input,
    notPdf: skipped.notPdf.length,
    brokenLinks: skipped.brokenLinks.length,
    linkedFolders: skipped.linkedFolders.length,
    examples: [...skipped.brokenLinks, ...skipped.linkedFolders, ...skipped.notPdf].slice(0, 5).map((file) => path.basename(file)),
  });
}

function describeSkipped(skipped: Skipped, whenNothing: string): string {
  const parts = [
    skipped.notPdf.length > 0 ? `${skipped.notPdf.length} other files (${examples(skipped.notPdf)})` : "",
    skipped.brokenLinks.length > 0 ? `${skipped.brokenLinks.length} broken links (${examples(skipped.brokenLinks)})` : "",
    skipped.linkedFolders.length > 0 ? `${skipped.linkedFolders.length} links to folders, not followed (${examples(skipped.linkedFolders)})` : "",
  ].filter(Boolean);
  return parts.length > 0 ? `: skipped ${parts.join(", ")}` : whenNothing;
}

function examples(files: readonly string[]): string {
  return files.slice(0, 3).map((file) => path.basename(file)).join(", ") + (files.length > 3 ? ", …" : "");
}

/** A directory entry as the walk sees it: a symbolic link is what it points to, or broken. */
async function kindOf(entry: Dirent, full: string): Promise<"file" | "directory" | "linked-directory" | "broken-link" | "other"> {
  if (entry.isDirectory()) return "directory";
  if (entry.isFile()) return "file";
  if (!entry.isSymbolicLink()) return "other";
  const target = await stat(full).catch(() => null);
  if (!target) return "broken-link";
  if (target.isDirectory()) return "linked-directory";
  return target.isFile() ? "file" : "other";
}

async function walk(directory: string, skipped: Skipped, keep: (file: string) => boolean): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.resolve(directory, entry.name);
    const kind = await kindOf(entry, full);
    if (kind === "directory") files.push(...(await walk(full, skipped, keep)));
    else if (kind === "linked-directory") skipped.linkedFolders.push(full);
    else if (kind === "broken-link") skipped.brokenLinks.push(full);
    else if (kind === "file" && keep(full)) files.push(full);
    else if (kind === "file") skipped.notPdf.push(full);
  }
  return files;
}

function walkPdfs(directory: string, skipped: Skipped): Promise<string[]> {
  return walk(directory, skipped, (file) => file.toLowerCase().endsWith(".pdf"));
}

async function expandGlob(pattern: string, skipped: Skipped): Promise<string[]> {
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
  // Files the pattern does not name are not "skipped": only links it matched but could not follow are said.
  const unmatched = emptySkipped();
  const matches = await walk(base, unmatched, (file) => expression.test(file));
  skipped.brokenLinks.push(...unmatched.brokenLinks.filter((file) => expression.test(file)));
  skipped.linkedFolders.push(...unmatched.linkedFolders.filter((file) => expression.test(file)));
  return matches;
}
