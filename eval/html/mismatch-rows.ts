import type { DocumentReport } from "../eval-report.js";
import type { Mismatch } from "../mismatch.js";
import { FIELD_NAMES } from "../score-counts.js";
import { diffCharacters } from "./diff-characters.js";
import { escapeHtml } from "./escape-html.js";
import { trimEvidence } from "./trim-evidence.js";

/** How many mismatches the HTML report lists, worst first; report.json has them all. */
export const HTML_MISMATCHES_SHOWN = 500;

/** One field of a field mismatch: its name and the two values. */
export interface FieldPair {
  readonly field: string;
  readonly gold: string;
  readonly got: string;
}

const FIELD_LINE = new RegExp(`(?:^|\\n)(${FIELD_NAMES.join("|")}): `, "g");

/** `field: value` lines (a value may span lines) as field → value. */
function fieldValues(text: string): Map<string, string> {
  const starts = [...text.matchAll(FIELD_LINE)];
  const values = new Map<string, string>();
  starts.forEach((match, index) => {
    const from = match.index! + match[0].length;
    const to = index + 1 < starts.length ? starts[index + 1]!.index! : text.length;
    values.set(match[1]!, text.slice(from, to));
  });
  return values;
}

/** The fields a field mismatch is about, each with gold's and the pipeline's value; empty for other kinds. */
export function fieldPairs(mismatch: Mismatch): FieldPair[] {
  if (mismatch.kind !== "project-fields" && mismatch.kind !== "indicator-fields") return [];
  const gold = fieldValues(mismatch.gold);
  const got = fieldValues(mismatch.got);
  return [...gold.keys()].map((field) => ({ field, gold: gold.get(field) ?? "", got: got.get(field) ?? "" }));
}

/** Gold and got with the characters only one side has marked: `<del>` only in gold, `<ins>` only in got. */
export function diffHtml(gold: string, got: string): { gold: string; got: string } {
  let goldHtml = "";
  let gotHtml = "";
  for (const segment of diffCharacters(gold, got)) {
    const text = escapeHtml(segment.text);
    if (segment.kind === "same") {
      goldHtml += text;
      gotHtml += text;
    } else if (segment.kind === "gold") goldHtml += `<del>${text}</del>`;
    else gotHtml += `<ins>${text}</ins>`;
  }
  return { gold: goldHtml, got: gotHtml };
}

/** Every mismatch of the documents, heaviest first (stable: documents' order within one weight). */
export function worstMismatches(documents: readonly DocumentReport[]): Array<{ document: DocumentReport; mismatch: DocumentReport["mismatches"][number] }> {
  return documents.flatMap((document) => document.mismatches.map((mismatch) => ({ document, mismatch }))).sort((a, b) => b.mismatch.weight - a.mismatch.weight);
}

/** A mismatch's identity across two reports: the same disagreement on the same item. */
export function mismatchKey(document: Pick<DocumentReport, "name" | "rendition">, mismatch: Pick<Mismatch, "kind" | "project" | "what">): string {
  return [document.name, document.rendition, mismatch.kind, mismatch.project, mismatch.what].join("\u0000");
}

/** The key of one cited cell of one mismatch: what `pageCrops` files its crop under. */
export function cropKey(document: Pick<DocumentReport, "name" | "rendition">, mismatch: Pick<Mismatch, "kind" | "project" | "what">, sourceIndex: number): string {
  return `${mismatchKey(document, mismatch)}\u0000${sourceIndex}`;
}

/**
 * The worst mismatches of every document as table rows: gold and got side by side with the differing
 * characters marked, the evidence cut down to the cell, and data attributes the page's filters read.
 * `previous` (mismatch keys of the report compared with) marks the ones that are new.
 */
export function mismatchRowsHtml(
  documents: readonly DocumentReport[],
  previous: ReadonlySet<string> | null,
  crops: ReadonlyMap<string, string> = new Map(),
): { html: string; shown: number; total: number } {
  const all = worstMismatches(documents);
  const worst = all.slice(0, HTML_MISMATCHES_SHOWN);
  const rows = worst.map(({ document, mismatch }) => {
    const pairs = fieldPairs(mismatch);
    const fields = pairs.map((pair) => pair.field);
    const values = pairs.length > 0 ? pairs : [{ field: "", gold: mismatch.gold, got: mismatch.got }];
    const compared = values
      .map((pair) => {
        // Only two values of one field are worth a character diff; "(not in gold)" against a flag's text is not.
        const diff = pairs.length > 0 ? diffHtml(pair.gold, pair.got) : { gold: escapeHtml(pair.gold), got: escapeHtml(pair.got) };
        const label = pair.field ? `<span class="field">${escapeHtml(pair.field)}</span>` : "";
        return `<div class="pair">${label}<div class="gold">${diff.gold || "<em>(empty)</em>"}</div><div class="got">${diff.got || "<em>(empty)</em>"}</div></div>`;
      })
      .join("");
    const lookFor = values.flatMap((pair) => [pair.got, pair.gold]).filter((value) => value && !value.startsWith("("));
    const evidence = mismatch.source
      .map((source, index) => {
        const trimmed = trimEvidence(source, lookFor);
        const crop = crops.get(cropKey(document, mismatch, index));
        // Only a data: URL made by page-crops.ts ever gets here; checked anyway, as everything put into the page.
        const image = crop && /^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(crop) ? `<img class="crop" alt="page ${trimmed.page}" src="${crop}">` : "";
        return `<div class="evidence">${image}<span class="page">p.${trimmed.page}</span> ${trimmed.cutBefore ? "…" : ""}${escapeHtml(trimmed.before)}${trimmed.match ? `<mark>${escapeHtml(trimmed.match)}</mark>` : ""}${escapeHtml(trimmed.after)}${trimmed.cutAfter ? "…" : ""}</div>`;
      })
      .join("");
    const isNew = previous !== null && !previous.has(mismatchKey(document, mismatch));
    return (
      `<tr class="mismatch" data-family="${escapeHtml(document.family)}" data-document="${escapeHtml(document.name)}" data-rendition="${escapeHtml(document.rendition)}" data-kind="${escapeHtml(mismatch.kind)}" data-fields=" ${escapeHtml(fields.join(" "))} ">` +
      `<td>${escapeHtml(document.name)}<div class="muted">${escapeHtml(document.family)} · ${escapeHtml(document.rendition)}</div></td>` +
      `<td><span class="kind ${escapeHtml(mismatch.kind)}">${escapeHtml(mismatch.kind)}</span>${isNew ? ' <span class="badge new">new</span>' : ""}</td>` +
      `<td>${escapeHtml(mismatch.project)}<div class="muted">${escapeHtml(mismatch.what)}</div></td>` +
      `<td class="compare">${compared}</td>` +
      `<td class="source">${evidence || '<span class="muted">—</span>'}</td>` +
      `</tr>`
    );
  });
  return { html: rows.join("\n"), shown: worst.length, total: all.length };
}
