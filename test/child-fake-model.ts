/**
 * Preloaded (`tsx --import ./test/child-fake-model.ts bin/ingest.ts …`) into a child `ingest` process that a
 * test kills: msw answers the fake endpoint inside that process, as the gold oracle, after
 * FAKE_MODEL_DELAY_MS. The test itself cannot intercept another process's requests.
 */
import { createGoldOracle } from "../eval/gold-oracle.js";
import { loadAllGold } from "../eval/load-gold.js";
import { delay, FakeModel } from "./fake-model.js";

const oracle = createGoldOracle(loadAllGold());
const latency = Number(process.env.FAKE_MODEL_DELAY_MS ?? "0");
const fake = new FakeModel(async (body, index) => {
  await delay(latency);
  return oracle.respond(body, index);
});
fake.listen();
