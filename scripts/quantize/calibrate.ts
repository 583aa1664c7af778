import * as ort from "onnxruntime-node";
import { graphOutputs, openModel } from "../../pipeline/ocr/onnx/onnx-model.js";
import { withObservedOutputs, type TensorRange } from "./quantize-convs.js";

/** Each run's own minimum and maximum of one tensor, in run order. */
export interface RunExtremes {
  readonly mins: number[];
  readonly maxes: number[];
}

/**
 * A session that runs the model with extra outputs (the tensors to calibrate) and records each one's extremes
 * in every run, while answering its callers with the model's own outputs only, so the OCR code that drives it
 * cannot tell it from the plain model.
 */
export interface ObservingSession {
  readonly session: ort.InferenceSession;
  readonly extremes: Map<string, RunExtremes>;
  readonly runs: () => number;
}

export async function observingSession(model: Uint8Array, observed: readonly string[], options: ort.InferenceSession.SessionOptions): Promise<ObservingSession> {
  const ownOutputs = graphOutputs(openModel(model));
  const inner = await ort.InferenceSession.create(withObservedOutputs(model, observed.filter((name) => !ownOutputs.includes(name))), options);
  const extremes = new Map<string, RunExtremes>();
  let runs = 0;
  const session = {
    inputNames: inner.inputNames,
    outputNames: ownOutputs,
    async run(feeds: ort.InferenceSession.FeedsType) {
      const results = await inner.run(feeds);
      runs++;
      for (const name of observed) {
        const values = results[name]!.data as Float32Array;
        let min = Infinity;
        let max = -Infinity;
        for (let index = 0; index < values.length; index++) {
          const value = values[index]!;
          if (value < min) min = value;
          if (value > max) max = value;
        }
        const seen = extremes.get(name) ?? { mins: [], maxes: [] };
        seen.mins.push(min);
        seen.maxes.push(max);
        extremes.set(name, seen);
        if (!ownOutputs.includes(name)) results[name]!.dispose();
      }
      return Object.fromEntries(ownOutputs.map((name) => [name, results[name]!]));
    },
    release: () => inner.release(),
  };
  return { session: session as unknown as ort.InferenceSession, extremes, runs: () => runs };
}

/**
 * The range to quantize a tensor to: the 99th percentile of the runs' maxima and the 1st of their minima.
 * The extreme of a thousand crops is one crop's outlier; spending the 256 levels on it coarsens every other
 * crop's values. Measured on 1,674 crops of the variant scans (not the calibration set), the recognizer's
 * decoded text differed from the float model's in 0.89 % of characters with the plain extremes and 0.65 %
 * with these (0.82 % with the runs' mean extremes).
 */
export function typicalRanges(extremes: ReadonlyMap<string, RunExtremes>): Map<string, TensorRange> {
  return new Map([...extremes].map(([name, seen]) => [name, typicalRange(seen)]));
}

function typicalRange(extremes: RunExtremes): TensorRange {
  const at = (values: readonly number[], fraction: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.round(fraction * (sorted.length - 1))]!;
  };
  return { min: at(extremes.mins, 0.01), max: at(extremes.maxes, 0.99) };
}
