import type { ExtractedProject } from "../schemas/extracted-project.js";
import type { GoldDocument } from "../schemas/gold.js";
import { completion, httpError, unitTextOf, type ChatCompletionBody, type Responder } from "../test/fake-model.js";
import { findGoldProject, type GoldProjectRef } from "./find-gold-project.js";
import { goldToExtracted } from "./gold-to-extracted.js";

/** Tokens the oracle reports per answer, so cost accounting can be checked to the token. */
export const ORACLE_USAGE = { promptTokens: 1000, completionTokens: 200 } as const;

export interface GoldOracle {
  /** The msw responder for `FakeModel`: answers each project unit with its gold record. */
  readonly respond: Responder;
  /** Gold projects answered, as `name of fixture#index`, in request order. */
  readonly answered: string[];
  /** Unit texts no single gold project could be found for; each was answered with HTTP 400 (not retried). */
  readonly unidentified: string[];
}

/**
 * A fake model that knows the answers: for each request it finds the gold project the unit is about and
 * returns that project as the extractor's JSON. With `damage`, a test changes chosen answers in counted
 * ways (the perturbed oracle). Only for tests: it reads gold, which no real extractor may.
 */
export function createGoldOracle(
  gold: readonly GoldDocument[],
  options: { readonly damage?: (project: ExtractedProject, source: GoldProjectRef) => ExtractedProject } = {},
): GoldOracle {
  const answered: string[] = [];
  const unidentified: string[] = [];
  const respond: Responder = (body: ChatCompletionBody) => {
    const unitText = unitTextOf(body);
    const source = findGoldProject(unitText, regionOf(body), gold);
    if (source === null) {
      unidentified.push(unitText);
      return httpError(400);
    }
    answered.push(`${source.document.fixture}#${source.index}`);
    const project = goldToExtracted(source.project);
    const reply = options.damage ? options.damage(project, source) : project;
    return completion(JSON.stringify(reply), ORACLE_USAGE);
  };
  return { respond, answered, unidentified };
}

/**
 * The region the prompt states for the document, which keeps a project name of one seed from matching a unit
 * of another: extract-project/v2 opens the data block with a JSON line of document facts; v1 had a `Region:` line.
 */
export function regionOf(body: ChatCompletionBody): string | null {
  const facts = documentFactsOf(body);
  if (facts !== null) return typeof facts.region === "string" && facts.region !== "" ? facts.region : null;
  const user = body.messages.find((message) => message.role === "user")?.content ?? "";
  const region = /^Region: (.*?)\s{2,}/m.exec(user)?.[1]?.trim();
  return region && region !== "(unknown)" ? region : null;
}

/** The JSON facts line that opens a v2 data block, or null when the block does not open with one. */
function documentFactsOf(body: ChatCompletionBody): Record<string, unknown> | null {
  const firstLine = unitTextOf(body).split("\n")[0] ?? "";
  if (!firstLine.startsWith("{")) return null;
  try {
    const parsed: unknown = JSON.parse(firstLine);
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
