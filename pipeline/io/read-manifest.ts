import { readFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../errors.js";

/** One document named by a manifest, with the metadata its row gives (region, year, anything else). */
export interface ManifestEntry {
  readonly path: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * A manifest is a CSV (UTF-8, optional BOM) with a `path` column — relative paths are taken from the
 * manifest's own folder — and any other columns as metadata that flows into the records (`region` and
 * `year` replace what the document says of itself).
 */
export async function readManifest(file: string): Promise<ManifestEntry[]> {
  const text = (await readFile(file, "utf8")).replace(/^\uFEFF/, "");
  const [header, ...rows] = parseCsv(text).filter((row) => row.some((cell) => cell.trim() !== ""));
  if (!header) throw new ConfigError(`Manifest ${file} is empty`);
  const columns = header.map((name) => name.trim());
  const pathColumn = columns.indexOf("path");
  if (pathColumn < 0) throw new ConfigError(`Manifest ${file} has no \`path\` column (columns: ${columns.join(", ")})`);
  return rows.map((row, index) => {
    const documentPath = row[pathColumn]?.trim();
    if (!documentPath) throw new ConfigError(`Manifest ${file}, row ${index + 2}: empty path`);
    const metadata: Record<string, string> = {};
    columns.forEach((name, column) => {
      const value = row[column]?.trim();
      if (column !== pathColumn && name !== "" && value) metadata[name] = value;
    });
    if (metadata.year !== undefined && !/^\d{4}$/.test(metadata.year)) {
      throw new ConfigError(`Manifest ${file}, row ${index + 2}: year must be four digits, got \`${metadata.year}\``);
    }
    return { path: path.resolve(path.dirname(file), documentPath), metadata };
  });
}

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"' && field === "") quoted = true;
    else if (character === ",") {
      row.push(field);
      field = "";
    } else if (character === "\n" || character === "\r") {
      if (character === "\r" && text[index + 1] === "\n") index++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += character;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
