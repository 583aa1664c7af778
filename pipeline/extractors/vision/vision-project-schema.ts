import { z } from "zod";
import { ExtractedProjectSchema } from "../../../schemas/extracted-project.js";
import { hashJsonSchema, toStrictJsonSchema } from "../../../schemas/to-json-schema.js";
import type { ReplySchema } from "../llm/ask-for-json.js";

/** A value the model read from the page image rather than from the OCR text, with where it saw it. */
export const ImageReadingSchema = z.object({
  field: z.string().describe("the field the value went into: projectName, totalAmount, indicators.3.value …"),
  text: z.string().describe("the value exactly as written into that field"),
  page: z.number().int().describe("1-based page number of the image it was read from"),
  box: z
    .object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })
    .describe("the value's box in the image, in pixels, top-left origin"),
});
export type ImageReading = z.infer<typeof ImageReadingSchema>;

/** The project schema of the text path, plus the values read from the image: one strict schema, one validation. */
export const VisionProjectSchema = ExtractedProjectSchema.extend({
  readFromImage: z.array(ImageReadingSchema).describe("every value read from the image because the OCR text lacks it or has it wrong; empty when none"),
});

const json = toStrictJsonSchema(VisionProjectSchema);
export const VISION_PROJECT_REPLY: ReplySchema<z.infer<typeof VisionProjectSchema>> = {
  name: "performance_target_project_from_image",
  zod: VisionProjectSchema,
  json,
  hash: hashJsonSchema(json),
};
