/**
 * Preloaded (`--import ./test/child-fake-batch-api.ts bin/ingest.ts …`) into a child `ingest` process a test
 * kills with SIGKILL: msw answers the Batch API inside that process, as the gold oracle, and writes its state
 * (batches, files, polls) to FAKE_BATCH_STATE after every change, so the next child — the resumed run — finds
 * the batches the killed one submitted. FAKE_BATCH_SCRIPT: statuses of a new batch, one per poll;
 * FAKE_BATCH_COMPLETE=1: every batch already out completes at its next poll.
 */
import { existsSync, readFileSync } from "node:fs";
import { writeFileAtomicSync } from "../pipeline/io/write-file-atomic.js";
import { createGoldOracle } from "../eval/gold-oracle.js";
import { loadAllGold } from "../eval/load-gold.js";
import { FakeBatchApi, parseBatchState, serializeBatchState } from "./fake-batch-api.js";

const stateFile = process.env.FAKE_BATCH_STATE!;
const state = existsSync(stateFile) ? parseBatchState(readFileSync(stateFile, "utf8")) : undefined;
const fake = new FakeBatchApi(
  createGoldOracle(loadAllGold()).respond,
  {
    ...(process.env.FAKE_BATCH_SCRIPT ? { script: process.env.FAKE_BATCH_SCRIPT.split(",") } : {}),
    // Written whole, then renamed: the test reads this file while the process runs and after it is killed, and
    // a plain write seen half-done (or cut by the SIGKILL) reads as truncated JSON.
    onChange: (current) => writeFileAtomicSync(stateFile, serializeBatchState(current)),
  },
  state,
);
if (process.env.FAKE_BATCH_COMPLETE === "1") fake.completeAll();
fake.listen();
