import { fillTemplate, type PromptTemplate } from "../../../prompts/load-prompt.js";
import type { DocumentContext, ProjectUnit } from "../../../schemas/project-unit.js";
import { renderRows } from "../../domain/cell-text.js";
import type { ChatMessage } from "../../llm/llm-gateway.js";

/** The first ask for one unit: the system rules and the unit's table as delimited, untrusted text. */
export function projectMessages(prompt: PromptTemplate, unit: ProjectUnit, document: DocumentContext): ChatMessage[] {
  const user = fillTemplate(prompt.user, {
    title: document.title ?? "(no title)",
    region: document.region ?? "(unknown)",
    year: document.year === null ? "(unknown)" : String(document.year),
    department: document.department ?? "(see the table)",
    family: unit.family,
    columns: unit.columns.length > 0 ? `\nTable columns: ${unit.columns.join(" | ")}` : "",
    heading: unit.heading ? `\nTable title: ${unit.heading}` : "",
    // The closing marker cannot be forged from inside the document.
    unitText: [unit.contextRows.length > 0 ? `(table header and department rows)\n${renderRows(unit.contextRows)}\n(the project)` : "", renderRows(unit.rows)]
      .filter(Boolean)
      .join("\n")
      .replaceAll("DOCUMENT>>>", "DOCUMENT> > >"),
  });
  return [
    { role: "system", content: prompt.system },
    { role: "user", content: user },
  ];
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
