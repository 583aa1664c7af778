import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { buildTestModel, intAttribute, intsAttribute, makeNode, noise, stringAttribute } from "../../pipeline/ocr/onnx/build-test-model.js";
import { observingSession, typicalRanges } from "./calibrate.js";
import { openModel } from "../../pipeline/ocr/onnx/onnx-model.js";
import { leadingConvs, quantizeConvs, tensorsToObserve } from "./quantize-convs.js";

// Two Convs in a row (the second reads the first's output), weights as Constant nodes as Paddle2ONNX writes them.
const model = buildTestModel({
  opset: 11,
  asConstantNodes: true,
  inputs: [{ name: "x", dims: [1, 2, 8, 8] }],
  outputs: ["y"],
  nodes: [
    makeNode("Conv", ["x", "w1", "b1"], ["h"], { attributes: [intAttribute("group", 1)] }),
    makeNode("Relu", ["h"], ["r"]),
    makeNode("Conv", ["r", "w2", "b2"], ["y"]),
  ],
  floats: {
    w1: { dims: [4, 2, 3, 3], values: noise(72, 1, 0.5) },
    b1: { dims: [4], values: noise(4, 2, 0.1) },
    w2: { dims: [3, 4, 1, 1], values: noise(12, 3, 0.8) },
    b2: { dims: [3], values: noise(3, 4, 0.1) },
  },
});
const inputs = [5, 6, 7].map((seed) => noise(128, seed));
const options = { intraOpNumThreads: 1, graphOptimizationLevel: "all" } as const;

async function outputsOf(bytes: Uint8Array, sessionOptions: ort.InferenceSession.SessionOptions = options): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(bytes, sessionOptions);
  const results: Float32Array[] = [];
  for (const input of inputs) results.push((await session.run({ x: new ort.Tensor("float32", input, [1, 2, 8, 8]) })).y!.data as Float32Array);
  await session.release();
  return results;
}

describe("quantizeConvs", () => {
  it("observes each Conv's input and output, and the observing session answers with the model's own outputs", async () => {
    const observed = tensorsToObserve(openModel(model));
    expect(observed).toEqual(["x", "h", "r", "y"]);
    const observing = await observingSession(model, observed, options);
    const result = await observing.session.run({ x: new ort.Tensor("float32", inputs[0]!, [1, 2, 8, 8]) });
    expect(Object.keys(result)).toEqual(["y"]);
    expect(Math.max(...observing.extremes.get("x")!.maxes)).toBeLessThanOrEqual(1);
    expect(observing.extremes.get("h")!.maxes).toHaveLength(1);
  });

  it("gives a model onnxruntime runs as integer convolutions, within a few quantization steps of the float one", async () => {
    const observed = tensorsToObserve(openModel(model));
    const observing = await observingSession(model, observed, options);
    for (const input of inputs) await observing.session.run({ x: new ort.Tensor("float32", input, [1, 2, 8, 8]) });
    const ranges = typicalRanges(observing.extremes);
    const quantized = quantizeConvs(model, ranges);

    const expected = await outputsOf(model);
    const got = await outputsOf(quantized);
    const range = ranges.get("y")!;
    const step = (Math.max(0, range.max) - Math.min(0, range.min)) / 255;
    for (let run = 0; run < inputs.length; run++) {
      const worst = Math.max(...expected[run]!.map((value, index) => Math.abs(value - got[run]![index]!)));
      expect(worst).toBeLessThan(6 * step);
      expect(worst).toBeGreaterThan(0);
    }
    // The optimized graph holds onnxruntime's fused integer Conv, not a float Conv between Q/DQ pairs.
    const optimized = path.join(mkdtempSync(path.join(os.tmpdir(), "qconv-")), "optimized.onnx");
    await outputsOf(quantized, { ...options, optimizedModelFilePath: optimized });
    const ops = openModel(readFileSync(optimized)).nodes.map((node) => node.opType);
    expect(ops.filter((op) => op === "QLinearConv")).toHaveLength(2);
    expect(ops).not.toContain("Conv");
  });

  it("leaves the Convs it is told to in float", async () => {
    const observed = tensorsToObserve(openModel(model));
    const observing = await observingSession(model, observed, options);
    await observing.session.run({ x: new ort.Tensor("float32", inputs[0]!, [1, 2, 8, 8]) });
    const first = leadingConvs(openModel(model), 1);
    expect(first).toEqual(["h"]);
    const ops = openModel(quantizeConvs(model, typicalRanges(observing.extremes), { exclude: new Set(first) })).nodes;
    expect(ops.find((node) => node.outputs.includes("h"))!.opType).toBe("Conv");
    expect(ops.find((node) => node.opType === "Conv" && node.inputs[1] === "w1")).toBeDefined();
    expect(ops.filter((node) => node.opType === "DequantizeLinear" && node.inputs[0] === "w2__q")).toHaveLength(1);
  });

  it("takes a tensor's range from its typical runs, not from one run's outlier", () => {
    const maxes = Array.from({ length: 200 }, (_unused, run) => (run === 17 ? 40 : 2 + (run % 5) / 10));
    const mins = maxes.map(() => -1);
    mins[3] = -30;
    const range = typicalRanges(new Map([["t", { mins, maxes }]])).get("t")!;
    expect(range.max).toBeCloseTo(2.4, 5);
    expect(range.min).toBe(-1);
  });

  it("refuses to quantize a tensor it has no range for", () => {
    expect(() => quantizeConvs(model, new Map())).toThrow(/no calibration range for x/);
  });

  it("quantizes a Concat's inputs with its own scale, before a nearest Resize, and gets the same integers", async () => {
    // Two branches joined before a Conv, one of them enlarged 2x: the shape of PP-OCRv4's detector neck.
    const joined = buildTestModel({
      opset: 11,
      asConstantNodes: true,
      inputs: [{ name: "x", dims: [1, 2, 8, 8] }],
      outputs: ["y"],
      nodes: [
        makeNode("Conv", ["x", "w1", "b1"], ["a"], { attributes: [intsAttribute("strides", [2, 2])] }),
        makeNode("Resize", ["a", "roi", "twice"], ["up"], { attributes: [stringAttribute("mode", "nearest")] }),
        makeNode("Conv", ["x", "w2", "b2"], ["b"], { attributes: [intsAttribute("pads", [1, 1, 1, 1])] }),
        makeNode("Concat", ["up", "b"], ["c"], { attributes: [intAttribute("axis", 1)] }),
        makeNode("Conv", ["c", "w3", "b3"], ["y"]),
      ],
      floats: {
        w1: { dims: [3, 2, 2, 2], values: noise(24, 8, 0.6) },
        b1: { dims: [3], values: noise(3, 9, 0.2) },
        roi: { dims: [0], values: new Float32Array(0) },
        twice: { dims: [4], values: Float32Array.of(1, 1, 2, 2) },
        w2: { dims: [2, 2, 3, 3], values: noise(36, 10, 0.5) },
        b2: { dims: [2], values: noise(2, 11, 0.2) },
        w3: { dims: [2, 5, 1, 1], values: noise(10, 12, 0.7) },
        b3: { dims: [2], values: noise(2, 13, 0.1) },
      },
    });
    const observing = await observingSession(joined, tensorsToObserve(openModel(joined)), options);
    for (const input of inputs) await observing.session.run({ x: new ort.Tensor("float32", input, [1, 2, 8, 8]) });
    const ranges = typicalRanges(observing.extremes);
    const plain = quantizeConvs(joined, ranges, { quantizeBeforeCopies: false });
    const moved = quantizeConvs(joined, ranges);
    const nodes = openModel(moved).nodes;
    const resize = nodes.find((node) => node.opType === "Resize")!;
    expect(resize.inputs[0]).toBe("up__source__cdq");
    expect(nodes.find((node) => node.outputs.includes("up__source__cq"))!.inputs).toEqual(["a", "c__scale", "c__zero"]);
    expect(nodes.find((node) => node.opType === "Concat")!.inputs).toEqual(["up__cdq", "b__cdq"]);
    const [expected, got] = await Promise.all([outputsOf(plain), outputsOf(moved)]);
    for (let run = 0; run < inputs.length; run++) expect(Array.from(got[run]!)).toEqual(Array.from(expected[run]!));
  });
});
