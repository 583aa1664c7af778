import { readFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../errors.js";

/** One document named by a manifest, with the metadata its row gives (region, year, anything else). */
export interface ManifestEntry {
  readonly path: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * A manifest is a CSV (UTF-8 with or without a BOM, or GB18030/GBK) with a `path` column — relative paths are taken from the
 * manifest's own folder — and any other columns as metadata that flows into the records (`region` and
 * `year` replace what the document says of itself).
 */
export async function readManifest(file: string): Promise<{ entries: ManifestEntry[]; encoding: ManifestEncoding }> {
  const { text, encoding } = decodeManifest(await readFile(file));
  return { entries: parseManifest(file, text), encoding };
}

export type ManifestEncoding = "utf-8" | "utf-8 with BOM" | "gb18030";

/**
 * UTF-8, with or without a BOM, when the bytes are valid UTF-8; otherwise GB18030 (a superset of GBK and
 * GB2312), what Excel and WPS save a CSV as on Chinese Windows. Chinese text in GBK is almost never valid
 * UTF-8 by accident, so the check is a safe test of which it is.
 */
export function decodeManifest(bytes: Uint8Array): { text: string; encoding: ManifestEncoding } {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(hasBom ? bytes.subarray(3) : bytes);
    return { text, encoding: hasBom ? "utf-8 with BOM" : "utf-8" };
  } catch {
    return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030" };
  }
}

function parseManifest(file: string, text: string): ManifestEntry[] {
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
