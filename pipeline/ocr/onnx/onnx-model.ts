import { decodeMessage, encodeMessage, readText, text, varints, type WireField } from "./protobuf-wire.js";

/**
 * An ONNX model opened for editing: the graph's nodes in order, the constant tensors they read (whether
 * stored as initializers or as Constant nodes, as Paddle2ONNX writes them), and every other field kept raw.
 */
export interface OnnxNode {
  readonly opType: string;
  readonly domain: string;
  readonly inputs: string[];
  readonly outputs: string[];
  /** The node's other fields (name, attributes), written back unchanged. */
  readonly rest: WireField[];
}

/** ONNX TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7 } as const;

export interface ConstantTensor {
  readonly dims: number[];
  readonly dataType: number;
  /** Float data; null for other types. */
  readonly floats: Float32Array | null;
}

export interface OnnxModel {
  readonly modelFields: WireField[];
  readonly graphFields: WireField[];
  readonly nodes: OnnxNode[];
}

const MODEL_GRAPH = 7;
const MODEL_OPSET = 8;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_OUTPUT = 12;

export function openModel(bytes: Uint8Array): OnnxModel {
  // A Node Buffer's slice() shares memory; a plain Uint8Array's copies, which the tensor readers rely on.
  const modelFields = decodeMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const graph = modelFields.find((field) => field.number === MODEL_GRAPH);
  if (!graph) throw new Error("not an ONNX model: no graph");
  const graphFields = decodeMessage(graph.value as Uint8Array);
  const nodes = graphFields.filter((field) => field.number === GRAPH_NODE).map((field) => parseNode(field.value as Uint8Array));
  return { modelFields, graphFields: graphFields.filter((field) => field.number !== GRAPH_NODE), nodes };
}

export function saveModel(model: OnnxModel, extra: { initializers?: Uint8Array[]; outputs?: Uint8Array[]; opsets?: Uint8Array[] } = {}): Uint8Array {
  const graphFields: WireField[] = [
    ...model.nodes.map((node): WireField => ({ number: GRAPH_NODE, wireType: 2, value: encodeNode(node) })),
    ...model.graphFields,
    ...(extra.initializers ?? []).map((value): WireField => ({ number: GRAPH_INITIALIZER, wireType: 2, value })),
    ...(extra.outputs ?? []).map((value): WireField => ({ number: GRAPH_OUTPUT, wireType: 2, value })),
  ];
  const modelFields: WireField[] = model.modelFields.map((field) => (field.number === MODEL_GRAPH ? { ...field, value: encodeMessage(graphFields) } : field));
  for (const value of extra.opsets ?? []) modelFields.push({ number: MODEL_OPSET, wireType: 2, value });
  return encodeMessage(modelFields);
}

function parseNode(bytes: Uint8Array): OnnxNode {
  const fields = decodeMessage(bytes);
  const strings = (number: number) => fields.filter((field) => field.number === number).map(readText);
  return {
    inputs: strings(1),
    outputs: strings(2),
    opType: strings(4)[0] ?? "",
    domain: strings(7)[0] ?? "",
    rest: fields.filter((field) => field.number !== 1 && field.number !== 2 && field.number !== 4 && field.number !== 7),
  };
}

function encodeNode(node: OnnxNode): Uint8Array {
  return encodeMessage([
    ...node.inputs.map((input): WireField => ({ number: 1, wireType: 2, value: text(input) })),
    ...node.outputs.map((output): WireField => ({ number: 2, wireType: 2, value: text(output) })),
    { number: 4, wireType: 2, value: text(node.opType) },
    ...(node.domain ? [{ number: 7, wireType: 2, value: text(node.domain) } as WireField] : []),
    ...node.rest,
  ]);
}

export function makeNode(opType: string, inputs: string[], outputs: string[], options: { domain?: string; name?: string; attributes?: Uint8Array[] } = {}): OnnxNode {
  const rest: WireField[] = [];
  if (options.name) rest.push({ number: 3, wireType: 2, value: text(options.name) });
  for (const attribute of options.attributes ?? []) rest.push({ number: 5, wireType: 2, value: attribute });
  return { opType, domain: options.domain ?? "", inputs, outputs, rest };
}

export function intAttribute(name: string, value: number): Uint8Array {
  return encodeMessage([
    { number: 1, wireType: 2, value: text(name) },
    { number: 3, wireType: 0, value: BigInt(value) },
    { number: 20, wireType: 0, value: 2n },
  ]);
}

export function floatAttribute(name: string, value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setFloat32(0, value, true);
  return encodeMessage([
    { number: 1, wireType: 2, value: text(name) },
    { number: 2, wireType: 5, value: bytes },
    { number: 20, wireType: 0, value: 1n },
  ]);
}

export function stringAttribute(name: string, value: string): Uint8Array {
  return encodeMessage([
    { number: 1, wireType: 2, value: text(name) },
    { number: 4, wireType: 2, value: text(value) },
    { number: 20, wireType: 0, value: 3n },
  ]);
}

export function intsAttribute(name: string, values: readonly number[]): Uint8Array {
  return encodeMessage([
    { number: 1, wireType: 2, value: text(name) },
    ...values.map((value): WireField => ({ number: 8, wireType: 0, value: BigInt(value) })),
    { number: 20, wireType: 0, value: 7n },
  ]);
}

/** An attribute read from a node: its float, int, string, or list of ints. */
export interface Attribute {
  readonly name: string;
  readonly float?: number;
  readonly int?: number;
  readonly text?: string;
  readonly ints?: number[];
}

export function attributesOf(node: OnnxNode): Map<string, Attribute> {
  const attributes = new Map<string, Attribute>();
  for (const field of node.rest) {
    if (field.number !== 5) continue;
    const parts = decodeMessage(field.value as Uint8Array);
    const name = readText(parts.find((part) => part.number === 1)!);
    const float = parts.find((part) => part.number === 2);
    const int = parts.find((part) => part.number === 3);
    const string = parts.find((part) => part.number === 4);
    const ints = parts.filter((part) => part.number === 8);
    attributes.set(name, {
      name,
      ...(float ? { float: new DataView((float.value as Uint8Array).buffer, (float.value as Uint8Array).byteOffset, 4).getFloat32(0, true) } : {}),
      ...(int ? { int: Number(BigInt.asIntN(64, int.value as bigint)) } : {}),
      ...(string ? { text: readText(string) } : {}),
      ...(ints.length > 0 ? { ints: ints.flatMap((part) => varints(part).map(Number)) } : {}),
    });
  }
  return attributes;
}

/** The tensor a Constant node holds in its `value` attribute, or null when it holds something else. */
export function constantValue(node: OnnxNode): ConstantTensor | null {
  if (node.opType !== "Constant") return null;
  for (const field of node.rest) {
    if (field.number !== 5) continue;
    const attribute = decodeMessage(field.value as Uint8Array);
    const name = attribute.find((entry) => entry.number === 1);
    const tensor = attribute.find((entry) => entry.number === 5);
    if (name && readText(name) === "value" && tensor) return parseTensor(tensor.value as Uint8Array);
  }
  return null;
}

/** The names of the graph's outputs. */
export function graphOutputs(model: OnnxModel): string[] {
  return model.graphFields.filter((field) => field.number === GRAPH_OUTPUT).map((field) => readText(decodeMessage(field.value as Uint8Array).find((part) => part.number === 1)!));
}

/** The graph's initializers by name. */
export function initializersOf(model: OnnxModel): Map<string, ConstantTensor> {
  const tensors = new Map<string, ConstantTensor>();
  for (const field of model.graphFields) if (field.number === GRAPH_INITIALIZER) tensors.set(initializerName(field), parseTensor(field.value as Uint8Array));
  return tensors;
}

export function initializerName(field: WireField): string {
  const name = decodeMessage(field.value as Uint8Array).find((part) => part.number === 8);
  return name ? readText(name) : "";
}

export function parseTensor(bytes: Uint8Array): ConstantTensor {
  const fields = decodeMessage(bytes);
  const dims = fields.filter((field) => field.number === 1).flatMap((field) => varints(field).map(Number));
  const dataType = Number(fields.find((field) => field.number === 2)?.value ?? 0n);
  if (dataType !== DataType.FLOAT) return { dims, dataType, floats: null };
  const raw = fields.find((field) => field.number === 9);
  const packed = fields.filter((field) => field.number === 4);
  let floats: Float32Array;
  if (raw) {
    const bytesOf = raw.value as Uint8Array;
    floats = new Float32Array(Uint8Array.prototype.slice.call(bytesOf).buffer);
  } else {
    const chunks = packed.map((field) => Uint8Array.prototype.slice.call(field.value as Uint8Array));
    floats = new Float32Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0) / 4);
    let offset = 0;
    for (const chunk of chunks) {
      floats.set(new Float32Array(chunk.buffer), offset);
      offset += chunk.length / 4;
    }
  }
  return { dims, dataType, floats };
}

export function encodeTensor(name: string, dims: readonly number[], dataType: number, data: ArrayBufferView): Uint8Array {
  const fields: WireField[] = dims.map((dim): WireField => ({ number: 1, wireType: 0, value: BigInt(dim) }));
  fields.push({ number: 2, wireType: 0, value: BigInt(dataType) });
  fields.push({ number: 8, wireType: 2, value: text(name) });
  fields.push({ number: 9, wireType: 2, value: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
  return encodeMessage(fields);
}

/** A graph output of float tensors, shape left open (ONNX allows it; ORT infers it). */
export function floatOutput(name: string): Uint8Array {
  const tensorType = encodeMessage([{ number: 1, wireType: 0, value: BigInt(DataType.FLOAT) }]);
  const type = encodeMessage([{ number: 1, wireType: 2, value: tensorType }]);
  return encodeMessage([
    { number: 1, wireType: 2, value: text(name) },
    { number: 2, wireType: 2, value: type },
  ]);
}

export function opsetImport(domain: string, version: number): Uint8Array {
  return encodeMessage([
    { number: 1, wireType: 2, value: text(domain) },
    { number: 2, wireType: 0, value: BigInt(version) },
  ]);
}
