/**
 * A part of a multi-part chat message (OpenAI's content parts): text, or an image the model is to look at,
 * given inline as a `data:` URL so the request carries the page and nothing is fetched from elsewhere.
 */
export type MessagePart =
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "image_url"; readonly image_url: { readonly url: string; readonly detail?: "low" | "high" | "auto" } };
