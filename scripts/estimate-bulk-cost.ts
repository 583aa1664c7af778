/**
 * `node bin/run.js scripts/estimate-bulk-cost.ts [--documents 1000] [--prices FILE]`: the price of
 * 1,000 documents each way (synchronous, with the prompt cache, batch, with and without page images), from
 * this project's own requests: every seed fixture's units are segmented and their requests built exactly as
 * the pipeline sends them; input tokens are counted in o200k (GPT-4o's tokenizer), output tokens as the
 * gold project's JSON, the shared prefix as the bytes all requests have in common, page images at 150 dpi.
 * The gold oracle's fixed usage (1000/200) is not used: it says nothing about real sizes.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { estimateBulkCost, type UnitTokens } from "../eval/bulk-cost.js";
import { goldToExtracted } from "../eval/gold-to-extracted.js";
import { loadAllGold } from "../eval/load-gold.js";
import { loadPrompt } from "../prompts/load-prompt.js";
import { resolveConfig } from "../pipeline/config.js";
import { PROJECT_JSON_SCHEMA, PROJECT_SCHEMA_NAME } from "../pipeline/extractors/llm/extract-with-llm.js";
import { projectMessages } from "../pipeline/extractors/llm/project-messages.js";
import { imageTokens } from "../pipeline/extractors/vision/image-tokens.js";
import { packageRoot } from "../pipeline/io/package-root.js";
import { chatCompletionBody } from "../pipeline/llm/chat-completion-body.js";
import { countRequestTokens } from "../pipeline/llm/estimate-request-tokens.js";
import { readPriceTable } from "../pipeline/llm/read-price-table.js";
import { silentLogger } from "../pipeline/logger.js";
import { normalizeDocument } from "../pipeline/normalize-text.js";
import { readPdf } from "../pipeline/read-pdf.js";
import { rebuildLayout } from "../pipeline/rebuild-layout.js";
import { segmentProjects } from "../pipeline/segment-projects.js";

const root = packageRoot(import.meta.url);
const { values } = parseArgs({
  options: { documents: { type: "string" }, prices: { type: "string" }, dpi: { type: "string" }, "tokens-per-second": { type: "string" }, "first-token-ms": { type: "string" } },
});
// Assumptions for the synchronous path's time, not measurements: a hosted model's decode rate and time to first token.
const tokensPerSecond = Number(values["tokens-per-second"] ?? 80);
const firstTokenMs = Number(values["first-token-ms"] ?? 500);
const documents = Number(values.documents ?? 1000);
const dpi = Number(values.dpi ?? 150);
const prices = readPriceTable(path.resolve(values.prices ?? path.join(root, "eval/prices.json")));
if (!prices.table) throw new Error(prices.problem);

const stage = { config: resolveConfig({}, {}, false), logger: silentLogger, signal: new AbortController().signal };
const prompt = loadPrompt("extract-project");
const gold = loadAllGold();
const bodies: string[] = [];
const measured: Array<Omit<UnitTokens, "sharedPrefixTokens"> & { readonly promptCharacters: number }> = [];
let documentCount = 0;
for (const goldDocument of gold) {
  const file = path.join(root, goldDocument.fixture);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch {
    continue;
  }
  documentCount++;
  const pdf = await readPdf({ path: file, bytes }, stage);
  const segmented = await segmentProjects(await rebuildLayout(await normalizeDocument(pdf, stage), stage), stage);
  for (const unit of segmented.units) {
    const messages = projectMessages(prompt, unit, segmented.context);
    const request = { messages, schemaName: PROJECT_SCHEMA_NAME, schema: PROJECT_JSON_SCHEMA };
    bodies.push(JSON.stringify(chatCompletionBody("model", request)));
    const goldProject = goldDocument.projects[unit.index];
    const pages = pdf.pages.filter((page) => unit.pages.includes(page.number));
    measured.push({
      promptTokens: countRequestTokens(request),
      promptCharacters: messages.reduce((total, message) => total + (message.content as string).length, 0) + JSON.stringify(PROJECT_JSON_SCHEMA).length,
      completionTokens: goldProject ? countTokens(JSON.stringify(goldToExtracted(goldProject))) : 0,
      imageTokens: pages.reduce((total, page) => total + imageTokens(Math.ceil((page.width * dpi) / 72), Math.ceil((page.height * dpi) / 72)), 0),
    });
  }
}

// The prefix every request shares byte for byte, as the provider sees it.
let shared = bodies[0]!.length;
for (const body of bodies) {
  let index = 0;
  while (index < shared && body[index] === bodies[0]![index]) index++;
  shared = index;
}
const sharedPrefixTokens = countTokens(bodies[0]!.slice(0, shared));
const units: UnitTokens[] = measured.map((unit) => ({ ...unit, sharedPrefixTokens }));
const unitsPerDocument = units.length / documentCount;
const mean = (pick: (unit: (typeof measured)[number]) => number) => Math.round(measured.reduce((total, unit) => total + pick(unit), 0) / measured.length);

const lines = [
  `Measured on ${units.length} units of ${documentCount} seed documents (${unitsPerDocument.toFixed(2)} units a document):`,
  `mean request ${mean((unit) => unit.promptTokens)} input tokens (${mean((unit) => unit.promptCharacters)} characters), of which ${sharedPrefixTokens} are the prefix every request shares;`,
  `mean reply ${mean((unit) => unit.completionTokens)} output tokens; page images ${mean((unit) => unit.imageTokens)} tokens a unit at ${dpi} dpi.`,
  "",
  `| model | scenario | requests | input tokens | of which cached | output tokens | cost (${prices.table.currency}) |`,
  "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
];
const scenarios = [
  { name: "sync", mode: "sync", promptCache: false, vision: false },
  { name: "sync, prompt cache", mode: "sync", promptCache: true, vision: false },
  { name: "batch", mode: "batch", promptCache: false, vision: false },
  { name: "sync, prompt cache, every unit as images", mode: "sync", promptCache: true, vision: true },
  { name: "batch, every unit as images", mode: "batch", promptCache: false, vision: true },
] as const;
// Image tokens are counted in 512-pixel tiles on these; the mini and nano models count images otherwise
// (gpt-4o-mini bills about 33 times the tokens for the same image), so no image figure is given for them.
const TILE_COUNTED = new Set(["gpt-4o", "gpt-4.1"]);
for (const model of Object.keys(prices.table.models)) {
  for (const scenario of scenarios) {
    if (scenario.vision && !TILE_COUNTED.has(model)) continue;
    const estimate = estimateBulkCost(prices.table, model, units, documents, unitsPerDocument, scenario);
    if (!estimate) continue;
    lines.push(`| ${model} | ${scenario.name} | ${estimate.requests} | ${estimate.promptTokens} | ${estimate.cachedPromptTokens} | ${estimate.completionTokens} | ${estimate.cost} |`);
  }
}
const requests = Math.round(documents * unitsPerDocument);
const latencySeconds = firstTokenMs / 1000 + mean((unit) => unit.completionTokens) / tokensPerSecond;
lines.push("", `Synchronous time at ${tokensPerSecond} output tokens/s and ${firstTokenMs} ms to the first token (assumed, not measured): ${latencySeconds.toFixed(1)} s a request;`);
for (const concurrency of [4, 16, 32]) {
  lines.push(`--llm-concurrency ${concurrency}: ${((Math.ceil(requests / concurrency) * latencySeconds) / 3600).toFixed(1)} h for ${requests} requests.`);
}
process.stdout.write(lines.join("\n") + "\n");
