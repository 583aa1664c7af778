#!/usr/bin/env node
// The installed `ingest` command (package.json "bin"): bin/ingest.ts, compiled when a current build exists.
import { launch } from "./launch.js";

await launch("bin/ingest.ts");
