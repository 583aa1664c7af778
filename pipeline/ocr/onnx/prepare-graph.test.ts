import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { buildTestModel, floatAttribute, intsAttribute, makeNode, noise } from "./build-test-model.js";
import { openModel } from "./onnx-model.js";
import { readFileSync } from "node:fs";
import { floatModelPaths } from "../engines/paddle-models.js";
import { onnxOpset, prepareModel } from "./prepare-graph.js";

// Conv → BatchNormalization → hard-swish as Paddle2ONNX spells it → an opset-9 Slice and Clip with attributes.
const original = buildTestModel({
  opset: 9,
  asConstantNodes: true,
  inputs: [{ name: "x", dims: [1, 2, 6, 6] }],
  outputs: ["y"],
  nodes: [
    makeNode("Conv", ["x", "w", "b"], ["c"]),
    makeNode("BatchNormalization", ["c", "gamma", "beta", "mean", "variance"], ["n"], { attributes: [floatAttribute("epsilon", 1e-5)] }),
    makeNode("Add", ["n", "three"], ["a"]),
    makeNode("Clip", ["a"], ["k"], { attributes: [floatAttribute("min", 0), floatAttribute("max", 6)] }),
    makeNode("Mul", ["n", "k"], ["m"]),
    makeNode("Div", ["m", "six"], ["s"]),
    makeNode("Slice", ["s"], ["t"], { attributes: [intsAttribute("axes", [3]), intsAttribute("starts", [1]), intsAttribute("ends", [5])] }),
    makeNode("Clip", ["t"], ["y"], { attributes: [floatAttribute("min", -0.2), floatAttribute("max", 2.5)] }),
  ],
  floats: {
    w: { dims: [3, 2, 3, 3], values: noise(54, 11, 0.6) },
    b: { dims: [3], values: noise(3, 12, 0.2) },
    gamma: { dims: [3], values: Float32Array.of(1.2, 0.7, 2) },
    beta: { dims: [3], values: Float32Array.of(0.1, -0.3, 0.5) },
    mean: { dims: [3], values: Float32Array.of(0.05, -0.1, 0.2) },
    variance: { dims: [3], values: Float32Array.of(0.8, 1.5, 0.3) },
    three: { dims: [], values: Float32Array.of(3) },
    six: { dims: [], values: Float32Array.of(6) },
  },
});

async function run(bytes: Uint8Array, input: Float32Array): Promise<Float32Array> {
  // Basic optimizations only, so onnxruntime's own Conv+BN fusion does not hide a wrong fold.
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: "disabled" });
  const output = (await session.run({ x: new ort.Tensor("float32", input, [1, 2, 6, 6]) })).y!.data as Float32Array;
  await session.release();
  return output;
}

describe("prepareModel", () => {
  it("folds the BatchNormalization, spells hard-swish as HardSigmoid × x and moves opset 9 to 11, computing the same", async () => {
    const prepared = prepareModel(original);
    const graph = openModel(prepared);
    const ops = graph.nodes.map((node) => node.opType).filter((op) => op !== "Constant");
    expect(ops).toEqual(["Conv", "HardSigmoid", "Mul", "Slice", "Clip"]);
    expect(onnxOpset(graph)).toBe(11);
    for (const seed of [1, 2, 3]) {
      const input = noise(72, seed, 2);
      const [expected, got] = await Promise.all([run(original, input), run(prepared, input)]);
      expect(got).toHaveLength(expected.length);
      for (let index = 0; index < expected.length; index++) expect(got[index]).toBeCloseTo(expected[index]!, 5);
    }
  });

  it("leaves a Conv whose output something else reads besides the BatchNormalization", () => {
    const shared = buildTestModel({
      opset: 11,
      inputs: [{ name: "x", dims: [1, 1, 4, 4] }],
      outputs: ["n", "c"],
      nodes: [makeNode("Conv", ["x", "w"], ["c"]), makeNode("BatchNormalization", ["c", "g", "b", "m", "v"], ["n"])],
      floats: { w: { dims: [1, 1, 1, 1], values: Float32Array.of(2) }, g: { dims: [1], values: Float32Array.of(1) }, b: { dims: [1], values: Float32Array.of(0) }, m: { dims: [1], values: Float32Array.of(0) }, v: { dims: [1], values: Float32Array.of(1) } },
    });
    expect(openModel(prepareModel(shared)).nodes.map((node) => node.opType)).toEqual(["Conv", "BatchNormalization"]);
  });

  // PP-LCNetV3's layer: Conv → learnable affine (Mul, Add by scalars) → hard-swish → learnable affine.
  const lcnetLayer = (scale: { dims: number[]; values: Float32Array }, hardSwishScale: number) =>
    buildTestModel({
      opset: 11,
      asConstantNodes: true,
      inputs: [{ name: "x", dims: [1, 2, 6, 6] }],
      outputs: ["y"],
      nodes: [
        makeNode("Conv", ["x", "w", "b"], ["c"], { attributes: [intsAttribute("pads", [1, 1, 1, 1])] }),
        makeNode("Mul", ["a1", "c"], ["m1"]),
        makeNode("Add", ["m1", "b1"], ["n"]),
        makeNode("Add", ["n", "three"], ["a"]),
        makeNode("Clip", ["a", "zero", "six"], ["k"]),
        makeNode("Mul", ["n", "k"], ["m"]),
        makeNode("Div", ["m", "six"], ["h"]),
        makeNode("Mul", ["a2", "h"], ["m2"]),
        makeNode("Add", ["m2", "b2"], ["y"]),
      ],
      floats: {
        w: { dims: [3, 2, 3, 3], values: noise(54, 21, 0.6) },
        b: { dims: [3], values: noise(3, 22, 0.2) },
        a1: scale,
        b1: { dims: [], values: Float32Array.of(0.4) },
        three: { dims: [], values: Float32Array.of(3) },
        zero: { dims: [], values: Float32Array.of(0) },
        six: { dims: [], values: Float32Array.of(6) },
        a2: { dims: [], values: Float32Array.of(hardSwishScale) },
        b2: { dims: [], values: Float32Array.of(-0.25) },
      },
    });

  async function expectSameOutputs(before: Uint8Array, after: Uint8Array) {
    for (const seed of [4, 5, 6]) {
      const input = noise(72, seed, 3);
      const [expected, got] = await Promise.all([run(before, input), run(after, input)]);
      expect(got).toHaveLength(expected.length);
      for (let index = 0; index < expected.length; index++) expect(got[index]).toBeCloseTo(expected[index]!, 4);
    }
  }
  const opsOf = (bytes: Uint8Array) => openModel(bytes).nodes.map((node) => node.opType).filter((op) => op !== "Constant");

  it("folds the scalar Mul after a Conv and the hard-swish's scale into the Conv, keeping the constant Adds for a model to quantize", async () => {
    for (const hardSwishScale of [1.7, -0.6]) {
      const original = lcnetLayer({ dims: [], values: Float32Array.of(0.8) }, hardSwishScale);
      const prepared = prepareModel(original);
      expect(opsOf(prepared)).toEqual(["Conv", "Add", "HardSigmoid", "Mul", "Add"]);
      await expectSameOutputs(original, prepared);
    }
  });

  it("folds the Adds as well when asked, and a per-channel scale the same as a scalar one", async () => {
    const original = lcnetLayer({ dims: [3, 1, 1], values: Float32Array.of(0.8, -1.1, 2.5) }, 1.3);
    const prepared = prepareModel(original, { shifts: true });
    expect(opsOf(prepared)).toEqual(["Conv", "HardSigmoid", "Mul", "Add"]);
    await expectSameOutputs(original, prepared);
  });

  it("leaves a Mul whose constant does not broadcast per channel, and a Conv whose output is a graph output", () => {
    const model = (dims: number[], outputs: string[]) =>
      buildTestModel({
        opset: 11,
        asConstantNodes: true,
        inputs: [{ name: "x", dims: [1, 1, 4, 4] }],
        outputs,
        nodes: [makeNode("Conv", ["x", "w"], ["c"]), makeNode("Mul", ["c", "s"], ["y"])],
        floats: { w: { dims: [2, 1, 1, 1], values: Float32Array.of(2, 3) }, s: { dims, values: new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(0.5) } },
      });
    expect(opsOf(prepareModel(model([1, 1, 1, 4], ["y"])))).toEqual(["Conv", "Mul"]);
    expect(opsOf(prepareModel(model([2, 1, 1], ["y", "c"])))).toEqual(["Conv", "Mul"]);
    expect(opsOf(prepareModel(model([2, 1, 1], ["y"])))).toEqual(["Conv"]);
  });

  it("rewrites the installed PP-OCRv4 float models the engine opens: every BatchNorm, learned scale and shift folded", () => {
    const count = (bytes: Uint8Array, op: string) => opsOf(bytes).filter((type) => type === op).length;
    for (const file of [floatModelPaths().detection, floatModelPaths().recognition]) {
      const original = new Uint8Array(readFileSync(file));
      const prepared = prepareModel(original, { shifts: true });
      expect(count(prepared, "Conv")).toBe(count(original, "Conv"));
      expect(count(prepared, "Clip")).toBe(0);
      expect(count(prepared, "HardSigmoid")).toBeGreaterThan(20);
      expect(count(prepared, "Mul")).toBeLessThan(count(original, "Mul") / 2);
      expect(count(prepared, "Add")).toBeLessThan(count(original, "Add") * 0.7);
    }
  });
});
