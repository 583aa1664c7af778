/**
 * Writes the data dictionary into README.md between its markers, from the column definitions in
 * schemas/tables (the same the writers fill the tables from). `--check` only says whether it is current.
 *
 *   npm run dictionary            # rewrite the README's dictionary
 *   npm run dictionary -- --check # exit 1 when the README's dictionary differs from the definitions
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { replaceDictionary } from "../schemas/tables/readme-dictionary.js";

const readme = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "README.md");
const text = await readFile(readme, "utf8");
const updated = replaceDictionary(text);
if (process.argv.includes("--check")) {
  process.stdout.write(updated === text ? "README.md: the data dictionary is current\n" : "README.md: the data dictionary is out of date: run `npm run dictionary`\n");
  process.exitCode = updated === text ? 0 : 1;
} else if (updated !== text) {
  await writeFile(readme, updated);
  process.stdout.write("README.md: data dictionary rewritten\n");
} else {
  process.stdout.write("README.md: the data dictionary is current\n");
}
