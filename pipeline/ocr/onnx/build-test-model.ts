import { DataType, encodeTensor, floatAttribute, intAttribute, intsAttribute, makeNode, opsetImport, saveModel, stringAttribute, type OnnxNode } from "./onnx-model.js";
import { encodeMessage, text, type WireField } from "./protobuf-wire.js";

/** Test support: a small ONNX model written with this tool's own encoder, so tests need no model files. */
export interface TestModel {
  readonly opset: number;
  readonly inputs: ReadonlyArray<{ name: string; dims: number[] }>;
  readonly outputs: readonly string[];
  readonly nodes: OnnxNode[];
  readonly floats: Record<string, { dims: number[]; values: Float32Array }>;
  /** Constants written as Constant nodes (as Paddle2ONNX does) rather than initializers. */
  readonly asConstantNodes?: boolean;
}

export function buildTestModel(model: TestModel): Uint8Array {
  const valueInfo = (name: string, dims?: number[]) => {
    const shape = dims ? encodeMessage(dims.map((dim): WireField => ({ number: 1, wireType: 2, value: encodeMessage([{ number: 1, wireType: 0, value: BigInt(dim) }]) }))) : undefined;
    const tensorType = encodeMessage([{ number: 1, wireType: 0, value: BigInt(DataType.FLOAT) }, ...(shape ? [{ number: 2, wireType: 2, value: shape } as WireField] : [])]);
    return encodeMessage([
      { number: 1, wireType: 2, value: text(name) },
      { number: 2, wireType: 2, value: encodeMessage([{ number: 1, wireType: 2, value: tensorType }]) },
    ]);
  };
  const tensors = Object.entries(model.floats).map(([name, { dims, values }]) => ({ name, bytes: encodeTensor(name, dims, DataType.FLOAT, values) }));
  const constantNodes = model.asConstantNodes
    ? tensors.map(({ name, bytes }) =>
        makeNode("Constant", [], [name], {
          attributes: [
            encodeMessage([
              { number: 1, wireType: 2, value: text("value") },
              { number: 5, wireType: 2, value: bytes },
              { number: 20, wireType: 0, value: 4n },
            ]),
          ],
        }),
      )
    : [];
  const graphFields: WireField[] = [
    { number: 2, wireType: 2, value: text("test") },
    ...model.inputs.map(({ name, dims }): WireField => ({ number: 11, wireType: 2, value: valueInfo(name, dims) })),
    ...model.outputs.map((name): WireField => ({ number: 12, wireType: 2, value: valueInfo(name) })),
  ];
  const modelFields: WireField[] = [
    { number: 1, wireType: 0, value: 8n },
    { number: 7, wireType: 2, value: new Uint8Array() },
    { number: 8, wireType: 2, value: opsetImport("", model.opset) },
  ];
  return saveModel({ modelFields, graphFields, nodes: [...constantNodes, ...model.nodes] }, { initializers: model.asConstantNodes ? [] : tensors.map(({ bytes }) => bytes) });
}

export { floatAttribute, intAttribute, intsAttribute, makeNode, stringAttribute };

/** Deterministic pseudo-random floats in [-scale, scale). */
export function noise(count: number, seed: number, scale = 1): Float32Array {
  const values = new Float32Array(count);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < count; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    values[index] = ((state >>> 0) / 2 ** 32 - 0.5) * 2 * scale;
  }
  return values;
}
