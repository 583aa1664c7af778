#!/usr/bin/env node
/**
 * `node bin/run.js ENTRY.ts [args…]`: what the npm scripts use to start an entry point, from the build
 * when it is current, else from the sources (see launch.js). The entry sees its own arguments only.
 */
import { launch } from "./launch.js";

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write("usage: node bin/run.js ENTRY.ts [args...]\n");
  process.exit(2);
}
// As if the entry had been started directly: `node ENTRY args…`.
process.argv.splice(1, process.argv.length - 1, entry, ...args);
await launch(entry);
