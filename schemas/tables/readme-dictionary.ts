import { dataDictionaryMarkdown, DICTIONARY_END, DICTIONARY_START } from "./data-dictionary.js";

/** The dictionary section of a README's text, markers excluded; null when the README has no markers. */
export function dictionaryInReadme(readme: string): string | null {
  const start = readme.indexOf(DICTIONARY_START);
  const end = readme.indexOf(DICTIONARY_END);
  if (start < 0 || end < start) return null;
  return readme.slice(start + DICTIONARY_START.length, end).trim();
}

/** The README's text with the generated dictionary between its markers. */
export function replaceDictionary(readme: string): string {
  const start = readme.indexOf(DICTIONARY_START);
  const end = readme.indexOf(DICTIONARY_END);
  if (start < 0 || end < start) throw new Error(`README.md has no data dictionary markers: add the lines\n${DICTIONARY_START}\n${DICTIONARY_END}`);
  return `${readme.slice(0, start + DICTIONARY_START.length)}\n\n${dataDictionaryMarkdown()}\n\n${readme.slice(end)}`;
}
