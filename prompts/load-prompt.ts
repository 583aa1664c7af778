import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PROMPTS_DIR = path.dirname(fileURLToPath(import.meta.url));

/** The prompt templates this code knows; a new version is a new set of files, never an edit in place. */
export const PROMPT_VERSIONS = { "extract-project": ["v1", "v2"], "extract-document": ["v1"], "extract-project-vision": ["v1"] } as const;
export type PromptName = keyof typeof PROMPT_VERSIONS;

export interface PromptTemplate {
  /** `extract-project/v1`: recorded on every output record and part of the cache key. */
  readonly version: string;
  /** Hash of the template text, so an edit without a version bump still misses the cache. */
  readonly hash: string;
  readonly system: string;
  readonly user: string;
  readonly reask: string;
}

/**
 * Loads a versioned prompt from `prompts/<name>/<version>.{system,user,reask}.md`. A line `{{include:NAME/PART}}`
 * is replaced by `prompts/NAME/PART.md` (rules two prompts share); the hash covers the text as included.
 */
export function loadPrompt(name: PromptName, version: string = PROMPT_VERSIONS[name].at(-1)!): PromptTemplate {
  if (!(PROMPT_VERSIONS[name] as readonly string[]).includes(version)) {
    throw new Error(`Unknown prompt version ${name}/${version}; known: ${PROMPT_VERSIONS[name].join(", ")}`);
  }
  const read = (part: string) => withIncludes(readFileSync(path.join(PROMPTS_DIR, name, `${version}.${part}.md`), "utf8").trim());
  const system = read("system");
  const user = read("user");
  const reask = read("reask");
  const hash = createHash("sha256").update(`${system}\0${user}\0${reask}`).digest("hex").slice(0, 12);
  return { version: `${name}/${version}`, hash, system, user, reask };
}

/** Fills `{{name}}` placeholders; a placeholder without a value is an error, not an empty string. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`Prompt placeholder {{${key}}} has no value`);
    return value;
  });
}

function withIncludes(text: string): string {
  return text.replace(/\{\{include:([\w-]+\/[\w.-]+)\}\}/g, (_match, file: string) => {
    if (file.includes("..")) throw new Error(`Prompt include ${file} must name a file inside prompts/`);
    return readFileSync(path.join(PROMPTS_DIR, `${file}.md`), "utf8").trim();
  });
}
