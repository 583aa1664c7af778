import { DocumentProjectsSchema, type DocumentProjects, type ExtractedProject } from "../../../schemas/extracted-project.js";
import type { Row } from "../../../schemas/layout.js";
import type { TokenUsage } from "../../../schemas/project-record.js";
import type { ProjectUnit, SegmentedDocument } from "../../../schemas/project-unit.js";
import { hashJsonSchema, toStrictJsonSchema } from "../../../schemas/to-json-schema.js";
import { compact } from "../../domain/cell-text.js";
import { addUsage, NO_USAGE, type ExtractionResult, type ExtractorContext } from "../extraction-result.js";
import { askForJson, type ReplySchema } from "./ask-for-json.js";
import { chunkPages } from "./chunk-pages.js";
import { mergeChunkProjects } from "./merge-chunk-projects.js";
import { pagesMessages } from "./project-messages.js";

const DOCUMENT_JSON_SCHEMA = toStrictJsonSchema(DocumentProjectsSchema);
export const DOCUMENT_SCHEMA_HASH = hashJsonSchema(DOCUMENT_JSON_SCHEMA);
const DOCUMENT_REPLY: ReplySchema<DocumentProjects> = {
  name: "performance_target_projects",
  zod: DocumentProjectsSchema,
  json: DOCUMENT_JSON_SCHEMA,
  hash: DOCUMENT_SCHEMA_HASH,
};

/** What the model read from a whole document: a unit per project it found, and the tokens no project carries. */
export interface DocumentReading {
  readonly units: ReadonlyArray<{ readonly unit: ProjectUnit; readonly result: ExtractionResult }>;
  /** Tokens of chunks that returned no project (they cost money too). */
  readonly unattributed: { readonly usage: TokenUsage; readonly failedAttemptUsage: TokenUsage };
}

/**
 * The model as the fallback for a document the table reader could not segment (or doubts): its pages go to the
 * model in chunks that fit the context budget, each asked for every project on it; projects seen by two
 * chunks are merged; each project becomes a unit made of the rows from its name to the next project's, so its
 * values are grounded in, and its evidence found on, its own part of the document.
 */
export async function extractDocumentWithLlm(segmented: SegmentedDocument, reasons: readonly string[], context: ExtractorContext): Promise<DocumentReading> {
  if (!context.llm) throw new Error("extractDocumentWithLlm needs an LLM gateway; the runner must not route here without one");
  const { gateway, documentPrompt: prompt, reaskTokenBudget, chunkCharacters } = context.llm;
  const document = segmented.context;
  const chunks = chunkPages(segmented.rows, chunkCharacters);
  const answers = await Promise.all(
    chunks.map((chunk) =>
      askForJson(DOCUMENT_REPLY, pagesMessages(prompt, chunk.pages, chunk.rows, document), {
        gateway,
        prompt,
        reaskTokenBudget,
        signal: context.signal,
        document: document.path,
        subject: `Pages ${chunk.pages.join(", ")}`,
      }),
    ),
  );
  const merged = mergeChunkProjects(answers.map((answer) => answer.value.projects));
  const rowsOf = locateProjects(
    merged.map((entry) => entry.project),
    segmented.rows,
    merged.map((entry) => chunks[entry.chunks[0]!]!.rows),
  );

  // A chunk's tokens are shared by the projects it returned; a chunk that returned none is unattributed.
  const returned = answers.map((answer) => answer.value.projects.length);
  let unattributed = { usage: NO_USAGE, failedAttemptUsage: NO_USAGE };
  answers.forEach((answer, chunk) => {
    if (returned[chunk] === 0) unattributed = { usage: addUsage(unattributed.usage, answer.usage), failedAttemptUsage: addUsage(unattributed.failedAttemptUsage, answer.failedAttemptUsage) };
  });
  const units = merged.map((entry, index) => {
    const rows = rowsOf[index]!;
    const share = entry.chunks.map((chunk) => answers[chunk]!).reduce(
      (total, answer, position) => {
        const chunk = entry.chunks[position]!;
        return {
          usage: addUsage(total.usage, shareOf(answer.usage, returned[chunk]!)),
          failedAttemptUsage: addUsage(total.failedAttemptUsage, shareOf(answer.failedAttemptUsage, returned[chunk]!)),
        };
      },
      { usage: NO_USAGE, failedAttemptUsage: NO_USAGE },
    );
    const unit: ProjectUnit = {
      index,
      kind: entry.project.kind,
      family: rows.every((row) => row.borderless) ? "flattened" : document.family,
      pages: [...new Set(rows.map((row) => row.page))].sort((a, b) => a - b),
      heading: null,
      columns: [],
      rows: [...rows],
      contextRows: [],
      captions: [],
    };
    const first = answers[entry.chunks[0]!]!;
    const result: ExtractionResult = {
      project: entry.project,
      extractor: "llm",
      model: first.model,
      promptVersion: prompt.version,
      usage: share.usage,
      failedAttemptUsage: share.failedAttemptUsage,
      attempts: Math.max(...entry.chunks.map((chunk) => answers[chunk]!.attempts)),
      cached: entry.chunks.every((chunk) => answers[chunk]!.cached),
      uncertainties: [],
      routedBecause: [...reasons],
    };
    return { unit, result };
  });
  return { units, unattributed };
}

/** An even share of a chunk's tokens for each of the projects it returned (the first takes the remainder). */
function shareOf(usage: TokenUsage, projects: number): TokenUsage {
  return { promptTokens: Math.floor(usage.promptTokens / projects), completionTokens: Math.floor(usage.completionTokens / projects) };
}

/**
 * The rows of each project: from the first row (at or after the previous project's) whose text holds the
 * project's name, to the row before the next project's. A name not found in the document keeps the rows of
 * the chunk that returned it, where grounding will say what does not occur.
 */
function locateProjects(projects: readonly ExtractedProject[], rows: readonly Row[], fallbacks: ReadonlyArray<readonly Row[]>): Row[][] {
  const starts: Array<number | null> = [];
  let from = 0;
  for (const project of projects) {
    const name = compact(project.projectName);
    const at = name === "" ? -1 : rows.findIndex((row, index) => index >= from && compact(row.cells.map((cell) => cell.text).join("")).includes(name));
    starts.push(at >= 0 ? at : null);
    if (at >= 0) from = at;
  }
  return projects.map((_project, index) => {
    const start = starts[index];
    if (start === null || start === undefined) return [...fallbacks[index]!];
    const next = starts.slice(index + 1).find((candidate): candidate is number => candidate !== null && candidate > start) ?? rows.length;
    return rows.slice(start, next);
  });
}
