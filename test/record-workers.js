/**
 * Preloaded into a child process by test/compiled-build.test.ts (`node --import ./test/record-workers.js …`):
 * records what every worker thread is started with, and writes the list to RECORD_WORKERS_FILE at exit,
 * so the test can tell a worker that loads its compiled .js entry from one that bootstraps tsx first.
 */
import { writeFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import workerThreads from "node:worker_threads";

const started = [];
const Original = workerThreads.Worker;
workerThreads.Worker = class RecordedWorker extends Original {
  constructor(entry, options = {}) {
    started.push({ entry: String(entry), eval: Boolean(options.eval) });
    super(entry, options);
  }
};
syncBuiltinESMExports();
process.on("exit", () => writeFileSync(process.env.RECORD_WORKERS_FILE, JSON.stringify(started)));
