import type { DocumentContext, ProjectUnit } from "../../../schemas/project-unit.js";
import type { ChatMessage } from "../../llm/llm-gateway.js";
import type { MessagePart } from "../../llm/message-part.js";
import type { ExtractionResult, Extractor, ExtractorContext, VisionContext } from "../extraction-result.js";
import { askForJson } from "../llm/ask-for-json.js";
import { extractWithLlm } from "../llm/extract-with-llm.js";
import { projectMessages } from "../llm/project-messages.js";
import { imageTokens } from "./image-tokens.js";
import type { PageImage } from "./page-image.js";
import { VISION_PROJECT_REPLY, type ImageReading } from "./vision-project-schema.js";

/**
 * One unit read from its scanned pages: the page images (PNG data URLs, `detail: high`) and the OCR text as a
 * hint, under the same strict project schema plus the list of values read from the image. A unit whose images
 * would cost more than the per-unit cap, or that the run's image allowance cannot cover, goes the text path
 * instead, with the reason among its uncertainties. Boxes come back in image pixels and are kept in PDF points.
 */
export const extractWithVision: Extractor = async (unit, document, context) => {
  const vision = context.vision;
  if (!vision?.pages) return extractWithLlm(unit, document, context);
  const pages = unit.pages.filter((page) => vision.pages!.ocrConfidence.has(page));
  const images = await Promise.all(pages.map((page) => vision.pages!.render(page)));
  const tokens = images.reduce((total, image) => total + imageTokens(image.width, image.height), 0);
  if (tokens > vision.maxImageTokensPerUnit) return textPathBecause(`its ${images.length} page images count ${tokens} image tokens, over the per-unit cap of ${vision.maxImageTokensPerUnit}`, unit, document, context);
  if (!vision.budget.take(tokens)) return textPathBecause(`the run's image-token allowance of ${vision.budget.limit} is spent`, unit, document, context);

  const answer = await askForJson(VISION_PROJECT_REPLY, visionMessages(vision, unit, document, images), {
    gateway: vision.gateway,
    prompt: vision.prompt,
    reaskTokenBudget: vision.reaskTokenBudget,
    signal: context.signal,
    document: document.path,
    subject: `Unit ${unit.index} (pages ${unit.pages.join(", ")}, as images)`,
    imageTokens: tokens,
  });
  const { readFromImage, ...project } = answer.value;
  const { kept, dropped } = placeReadings(readFromImage, images);
  return {
    project,
    extractor: "llm",
    model: answer.model,
    promptVersion: vision.prompt.version,
    usage: answer.usage,
    failedAttemptUsage: answer.failedAttemptUsage,
    attempts: answer.attempts,
    cached: answer.cached,
    uncertainties: dropped.map((reading) => `the model said it read "${reading.text}" (${reading.field}) from page ${reading.page} at a box outside the images it was sent`),
    readFromImage: kept,
  } satisfies ExtractionResult;
};

/** System prompt, then the OCR text (static instructions first, as on the text path), then the page images. */
function visionMessages(vision: VisionContext, unit: ProjectUnit, document: DocumentContext, images: readonly PageImage[]): ChatMessage[] {
  const [system, user] = projectMessages(vision.prompt, unit, document);
  const parts: MessagePart[] = [
    { type: "text", text: user!.content as string },
    ...images.flatMap((image): MessagePart[] => [
      { type: "text", text: `[page ${image.page}: ${image.width} × ${image.height} pixels]` },
      { type: "image_url", image_url: { url: image.dataUrl, detail: "high" } },
    ]),
  ];
  return [system!, { role: "user", content: parts }];
}

/** Readings on a page that was sent and inside its image, their boxes in PDF points; the rest are dropped (and stay ungrounded). */
function placeReadings(readings: readonly ImageReading[], images: readonly PageImage[]) {
  const kept: NonNullable<ExtractionResult["readFromImage"]>[number][] = [];
  const dropped: ImageReading[] = [];
  for (const reading of readings) {
    const image = images.find((candidate) => candidate.page === reading.page);
    const { x, y, width, height } = reading.box;
    const inside = image && x >= 0 && y >= 0 && width > 0 && height > 0 && x + width <= image.width + 1 && y + height <= image.height + 1;
    if (!image || !inside) {
      dropped.push(reading);
      continue;
    }
    const scale = image.pixelsPerPoint;
    kept.push({ field: reading.field, text: reading.text, page: reading.page, box: { x: x / scale, y: y / scale, width: width / scale, height: height / scale } });
  }
  return { kept, dropped };
}

async function textPathBecause(reason: string, unit: ProjectUnit, document: DocumentContext, context: ExtractorContext): Promise<ExtractionResult> {
  const result = await extractWithLlm(unit, document, context);
  return { ...result, uncertainties: [...result.uncertainties, `not read as images: ${reason}`] };
}
