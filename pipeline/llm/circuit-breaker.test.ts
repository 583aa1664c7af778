import { describe, expect, it } from "vitest";
import { LlmCallError } from "../errors.js";
import { silentLogger } from "../logger.js";
import { CircuitBreaker, ProviderUnavailableError } from "./circuit-breaker.js";

const refused = () => new LlmCallError("Could not reach the model endpoint: ECONNREFUSED", { kind: "connection" });
const status = (code: number) => new LlmCallError(`HTTP ${code}`, { kind: "status", status: code });

function breaker(probeResults: Array<LlmCallError | null>, failureThreshold = 3) {
  const pauses: number[] = [];
  let probes = 0;
  const circuit = new CircuitBreaker({
    failureThreshold,
    pauseMs: 30_000,
    probe: async () => {
      probes++;
      return probeResults.shift() ?? null;
    },
    logger: silentLogger,
    sleep: async (milliseconds) => void pauses.push(milliseconds),
  });
  return { circuit, pauses, probes: () => probes };
}

describe("CircuitBreaker", () => {
  it("lets requests through until the threshold of consecutive provider failures", async () => {
    const { circuit, probes } = breaker([]);
    circuit.recordFailure(refused());
    circuit.recordFailure(status(500));
    await expect(circuit.beforeAttempt()).resolves.toBeUndefined();
    expect(probes()).toBe(0);
  });

  it("pauses, probes, and once the probe fails refuses every request with the provider's own error code", async () => {
    const { circuit, pauses, probes } = breaker([status(503)]);
    for (let count = 0; count < 3; count++) circuit.recordFailure(status(503));
    const error = await circuit.beforeAttempt("a.pdf").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error).toMatchObject({ code: "llm_http_503", status: 503, document: "a.pdf", isRetryable: false });
    expect((error as Error).message).toContain("3 failures in a row");
    expect(pauses).toEqual([30_000]);
    // Open for the rest of the run: no more probes, every request refused at once.
    await expect(circuit.beforeAttempt()).rejects.toMatchObject({ code: "llm_http_503" });
    expect(probes()).toBe(1);
    expect(circuit.isOpen).toBe(true);
  });

  it("closes again when the probe is answered", async () => {
    const { circuit, probes } = breaker([null]);
    for (let count = 0; count < 3; count++) circuit.recordFailure(refused());
    await expect(circuit.beforeAttempt()).resolves.toBeUndefined();
    expect(probes()).toBe(1);
    expect(circuit.isOpen).toBe(false);
    // The count starts again: two more failures do not open it.
    circuit.recordFailure(refused());
    circuit.recordFailure(refused());
    await expect(circuit.beforeAttempt()).resolves.toBeUndefined();
    expect(probes()).toBe(1);
  });

  it("stays open after three pauses whose probes were answered while the requests themselves kept failing", async () => {
    const { circuit } = breaker([null, null, null]);
    for (let pause = 0; pause < 3; pause++) {
      for (let count = 0; count < 3; count++) circuit.recordFailure(status(500));
      await circuit.beforeAttempt().catch(() => {});
    }
    expect(circuit.isOpen).toBe(true);
    await expect(circuit.beforeAttempt()).rejects.toMatchObject({ code: "llm_http_500" });
  });

  it("does not count request errors (400, 429), and an answer resets the count", async () => {
    const { circuit, probes } = breaker([refused()]);
    circuit.recordFailure(refused());
    circuit.recordFailure(refused());
    circuit.recordAnswer();
    circuit.recordFailure(refused());
    circuit.recordFailure(status(400));
    circuit.recordFailure(status(429));
    await expect(circuit.beforeAttempt()).resolves.toBeUndefined();
    expect(probes()).toBe(0);
  });

  it("lets an aborted request stop waiting for the pause without ending the pause for the others", async () => {
    let endPause = () => {};
    const circuit = new CircuitBreaker({
      failureThreshold: 1,
      pauseMs: 30_000,
      probe: async () => null,
      logger: silentLogger,
      sleep: () => new Promise<void>((resolve) => (endPause = resolve)),
    });
    circuit.recordFailure(refused());
    const controller = new AbortController();
    const waiting = circuit.beforeAttempt("a.pdf", controller.signal);
    const other = circuit.beforeAttempt("b.pdf");
    controller.abort(new Error("interrupted"));
    await expect(waiting).rejects.toThrow("interrupted");
    endPause();
    await expect(other).resolves.toBeUndefined();
  });

  it("does nothing when turned off (threshold 0)", async () => {
    const { circuit, probes } = breaker([refused()], 0);
    for (let count = 0; count < 50; count++) circuit.recordFailure(refused());
    circuit.trip(refused());
    await expect(circuit.beforeAttempt()).resolves.toBeUndefined();
    expect(probes()).toBe(0);
  });
});
