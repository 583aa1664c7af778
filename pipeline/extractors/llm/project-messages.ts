import { fillTemplate, type PromptTemplate } from "../../../prompts/load-prompt.js";
import type { Row } from "../../../schemas/layout.js";
import type { DocumentContext, ProjectUnit } from "../../../schemas/project-unit.js";
import { renderRows } from "../../domain/cell-text.js";
import type { ChatMessage } from "../../llm/llm-gateway.js";

/**
 * The data block of a request: a JSON line of what the document says about itself, then its text. Everything
 * in it comes from the document, so all of it — titles and department names included — goes between the
 * markers, and the closing marker cannot be forged from inside.
 */
export function dataBlock(facts: Readonly<Record<string, unknown>>, sections: ReadonlyArray<readonly [label: string | null, rows: readonly Row[]]>): string {
  const text = [
    JSON.stringify(facts),
    ...sections.filter(([, rows]) => rows.length > 0).map(([label, rows]) => (label ? `(${label})\n${renderRows(rows)}` : renderRows(rows))),
  ].join("\n");
  return text.replaceAll("DOCUMENT>>>", "DOCUMENT> > >").replaceAll("<<<DOCUMENT", "< < <DOCUMENT");
}

/** What every request says of the document, from the document. */
function documentFacts(document: DocumentContext): Record<string, unknown> {
  return { title: document.title, region: document.region, budgetYear: document.year, department: document.department };
}

/** The first ask for one unit: the system rules, then the unit's table as delimited, untrusted text. */
export function projectMessages(prompt: PromptTemplate, unit: ProjectUnit, document: DocumentContext): ChatMessage[] {
  const facts = { ...documentFacts(document), layout: unit.family, kind: unit.kind, tableTitle: unit.heading, columns: unit.columns };
  const unitText = dataBlock(facts, [
    ["lines around the table", unit.captions],
    [unit.contextRows.length > 0 ? "table header and department rows" : null, unit.contextRows],
    [unit.contextRows.length > 0 ? "the project" : null, unit.rows],
  ]);
  const user = fillTemplate(prompt.user, { unitText, ...legacyPlaceholders(unit, document) });
  return [
    { role: "system", content: prompt.system },
    { role: "user", content: user },
  ];
}

/** The first ask for a run of pages the table reader could not segment: every row and line of those pages. */
export function pagesMessages(prompt: PromptTemplate, pages: readonly number[], rows: readonly Row[], document: DocumentContext): ChatMessage[] {
  const unitText = dataBlock({ ...documentFacts(document), pages }, [[null, rows]]);
  return [
    { role: "system", content: prompt.system },
    { role: "user", content: fillTemplate(prompt.user, { unitText }) },
  ];
}

/**
 * extract-project/v1 put the document's title, region and department above the data block. Kept so that a run
 * asked to reproduce v1 can, but v1 is superseded for exactly that reason.
 */
function legacyPlaceholders(unit: ProjectUnit, document: DocumentContext): Record<string, string> {
  return {
    title: document.title ?? "(no title)",
    region: document.region ?? "(unknown)",
    year: document.year === null ? "(unknown)" : String(document.year),
    department: document.department ?? "(see the table)",
    family: unit.family,
    columns: unit.columns.length > 0 ? `\nTable columns: ${unit.columns.join(" | ")}` : "",
    heading: unit.heading ? `\nTable title: ${unit.heading}` : "",
  };
}

/** The re-ask: the rejected reply stays in the conversation, followed by what was wrong with it. */
export function reaskMessages(
  prompt: PromptTemplate,
  previous: readonly ChatMessage[],
  rejectedReply: string,
  problem: string,
  issues: readonly string[],
): ChatMessage[] {
  return [
    ...previous,
    { role: "assistant", content: rejectedReply },
    {
      role: "user",
      content: fillTemplate(prompt.reask, { problem, issues: issues.map((issue) => `- ${issue}`).join("\n") }),
    },
  ];
}
