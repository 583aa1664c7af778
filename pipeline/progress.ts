import cliProgress from "cli-progress";
import type { DocumentResult } from "../schemas/run-summary.js";

/** Progress as the runner reports it; a bar on a terminal, a line per document elsewhere. */
export interface ProgressReporter {
  start(total: number): void;
  documentEnd(result: DocumentResult, tokensSoFar: number): void;
  stop(): void;
}

export function createProgressReporter(kind: "bar" | "lines" | "none", stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (kind === "none") return { start() {}, documentEnd() {}, stop() {} };
  if (kind === "lines") {
    let done = 0;
    let total = 0;
    return {
      start(count) {
        total = count;
      },
      documentEnd(result) {
        done++;
        const what = result.status === "done" ? `${result.records.length} projects` : `failed: ${errorCode(result)}`;
        stream.write(`[${done}/${total}] ${result.path}: ${what} (${Math.round(result.durationMs)} ms)\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: "{bar} {value}/{total} documents | {rate} doc/s | ETA {eta_formatted} | failed {failed} | tokens {tokens}", stream, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let failed = 0;
  const started = Date.now();
  return {
    start(total) {
      bar.start(total, 0, { failed: 0, tokens: 0, rate: "0.0" });
    },
    documentEnd(result, tokens) {
      if (result.status === "failed") failed++;
      const value = (bar.getProgress() * bar.getTotal()) + 1;
      bar.update(value, { failed, tokens, rate: (value / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1) });
    },
    stop() {
      bar.stop();
    },
  };
}

function errorCode(result: DocumentResult): string {
  const error = result.error as { code?: string; message?: string } | null;
  return error ? `${error.code}: ${error.message}` : `${result.unitErrors.length} unit(s) failed`;
}
