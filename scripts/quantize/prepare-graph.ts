import { DataType, constantValue, encodeTensor, floatAttribute, makeNode, openModel, saveModel, type ConstantTensor, type OnnxModel, type OnnxNode } from "./onnx-model.js";
import { decodeMessage, encodeMessage, readText, text, varints, type WireField } from "./protobuf-wire.js";

/**
 * Float-to-float rewrites that leave what a model computes unchanged (to float rounding) and make it cheaper
 * to run and possible to quantize: BatchNormalization folded into the Conv before it, PP-LCNet's hard-swish
 * spelled as one HardSigmoid and a Mul instead of four element-wise passes, and an opset-9 graph's Clip and
 * Slice moved to opset 11's form (onnxruntime's integer convolution needs opset 10 or later).
 */
export interface PreparedGraph {
  readonly model: OnnxModel;
  /** New constants, written as graph initializers. */
  readonly initializers: Uint8Array[];
  readonly opset: number;
}

export function prepareGraph(model: OnnxModel): PreparedGraph {
  const initializers: Uint8Array[] = [];
  let nodes = foldBatchNorms(model.nodes, initializers);
  nodes = fuseHardSwish(nodes);
  const opset = onnxOpset(model);
  let modelFields = model.modelFields;
  if (opset < 11) {
    nodes = toOpset11(nodes, initializers);
    modelFields = model.modelFields.map((field) => (field.number === 8 && isDefaultDomain(field) ? { ...field, value: encodeMessage([{ number: 2, wireType: 0, value: 11n }]) } : field));
  }
  return { model: { ...model, modelFields, nodes }, initializers, opset: Math.max(11, opset) };
}

/** An attribute read from a node: its float, int, or list of ints. */
interface Attribute {
  readonly name: string;
  readonly float?: number;
  readonly int?: number;
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
    const ints = parts.filter((part) => part.number === 8);
    attributes.set(name, {
      name,
      ...(float ? { float: new DataView((float.value as Uint8Array).buffer, (float.value as Uint8Array).byteOffset, 4).getFloat32(0, true) } : {}),
      ...(int ? { int: Number(BigInt.asIntN(64, int.value as bigint)) } : {}),
      ...(ints.length > 0 ? { ints: ints.flatMap((part) => varints(part).map(Number)) } : {}),
    });
  }
  return attributes;
}

const withoutAttributes = (node: OnnxNode): WireField[] => node.rest.filter((field) => field.number !== 5);

function index(nodes: readonly OnnxNode[]) {
  const producers = new Map<string, OnnxNode>();
  const consumers = new Map<string, OnnxNode[]>();
  const constants = new Map<string, ConstantTensor>();
  for (const node of nodes) {
    for (const output of node.outputs) producers.set(output, node);
    for (const input of node.inputs) consumers.set(input, [...(consumers.get(input) ?? []), node]);
    const value = constantValue(node);
    if (value) constants.set(node.outputs[0]!, value);
  }
  return { producers, consumers, constants, only: (tensor: string) => (consumers.get(tensor) ?? []).length === 1 };
}

/** Conv → BatchNormalization (the Conv's output read by the BN alone) as one Conv with scaled weights and a bias. */
export function foldBatchNorms(nodes: readonly OnnxNode[], initializers: Uint8Array[]): OnnxNode[] {
  const { producers, constants, only } = index(nodes);
  const replaced = new Map<OnnxNode, OnnxNode | null>();
  for (const norm of nodes) {
    if (norm.opType !== "BatchNormalization" || norm.outputs.length !== 1) continue;
    const conv = producers.get(norm.inputs[0]!);
    if (!conv || conv.opType !== "Conv" || !only(norm.inputs[0]!) || replaced.has(conv)) continue;
    const weight = constants.get(conv.inputs[1]!);
    const bias = conv.inputs[2] ? constants.get(conv.inputs[2]) : undefined;
    const [gamma, beta, mean, variance] = norm.inputs.slice(1).map((name) => constants.get(name)?.floats);
    if (!weight?.floats || (conv.inputs[2] && !bias?.floats) || !gamma || !beta || !mean || !variance) continue;
    const epsilon = attributesOf(norm).get("epsilon")?.float ?? 1e-5;
    const channels = weight.dims[0]!;
    const perChannel = weight.floats.length / channels;
    const foldedWeight = new Float32Array(weight.floats.length);
    const foldedBias = new Float32Array(channels);
    for (let channel = 0; channel < channels; channel++) {
      const factor = gamma[channel]! / Math.sqrt(variance[channel]! + epsilon);
      for (let offset = channel * perChannel; offset < (channel + 1) * perChannel; offset++) foldedWeight[offset] = weight.floats[offset]! * factor;
      foldedBias[channel] = ((bias?.floats?.[channel] ?? 0) - mean[channel]!) * factor + beta[channel]!;
    }
    const weightName = `${conv.inputs[1]}__bn`;
    const biasName = `${norm.outputs[0]}__bias`;
    initializers.push(encodeTensor(weightName, weight.dims, DataType.FLOAT, foldedWeight));
    initializers.push(encodeTensor(biasName, [channels], DataType.FLOAT, foldedBias));
    replaced.set(conv, { ...conv, inputs: [conv.inputs[0]!, weightName, biasName], outputs: norm.outputs });
    replaced.set(norm, null);
  }
  return nodes.flatMap((node) => (replaced.has(node) ? (replaced.get(node) ? [replaced.get(node)!] : []) : [node]));
}

/** x · clip(x + 3, 0, 6) / 6, as Paddle2ONNX spells hard-swish, rewritten as x · HardSigmoid(x; 1/6, 1/2). */
export function fuseHardSwish(nodes: readonly OnnxNode[]): OnnxNode[] {
  const { producers, consumers, constants, only } = index(nodes);
  const scalar = (name: string | undefined) => {
    const value = name ? constants.get(name)?.floats : undefined;
    return value && value.length === 1 ? value[0] : undefined;
  };
  const replaced = new Map<OnnxNode, OnnxNode | null>();
  for (const clip of nodes) {
    if (clip.opType !== "Clip") continue;
    const attributes = attributesOf(clip);
    const low = attributes.get("min")?.float ?? scalar(clip.inputs[1]);
    const high = attributes.get("max")?.float ?? scalar(clip.inputs[2]);
    const add = producers.get(clip.inputs[0]!);
    if (low !== 0 || high !== 6 || !add || add.opType !== "Add" || !only(add.outputs[0]!) || !only(clip.outputs[0]!)) continue;
    const x = add.inputs.find((input) => scalar(input) !== 3);
    if (!x || add.inputs.every((input) => scalar(input) !== 3)) continue;
    const mul = consumers.get(clip.outputs[0]!)![0]!;
    if (mul.opType !== "Mul" || !mul.inputs.includes(x) || !only(mul.outputs[0]!)) continue;
    const div = consumers.get(mul.outputs[0]!)![0]!;
    if (div.opType !== "Div" || div.inputs[0] !== mul.outputs[0] || scalar(div.inputs[1]) !== 6) continue;
    const gate = `${clip.outputs[0]}__hardsigmoid`;
    replaced.set(add, null);
    replaced.set(clip, makeNode("HardSigmoid", [x], [gate], { attributes: [floatAttribute("alpha", 1 / 6), floatAttribute("beta", 0.5)] }));
    replaced.set(mul, null);
    replaced.set(div, { ...mul, inputs: [x, gate], outputs: div.outputs });
  }
  return nodes.flatMap((node) => (replaced.has(node) ? (replaced.get(node) ? [replaced.get(node)!] : []) : [node]));
}

/** Opset 9 → 11 for the two operators whose attributes became inputs (Clip's min/max, Slice's starts/ends/axes/steps). */
export function toOpset11(nodes: readonly OnnxNode[], initializers: Uint8Array[]): OnnxNode[] {
  const upgraded: OnnxNode[] = [];
  for (const node of nodes) {
    const attributes = attributesOf(node);
    if (node.opType === "Clip" && (attributes.has("min") || attributes.has("max"))) {
      const inputs = [node.inputs[0]!];
      for (const bound of ["min", "max"] as const) {
        const value = attributes.get(bound)?.float;
        if (value === undefined) {
          inputs.push("");
          continue;
        }
        const name = `${node.outputs[0]}__${bound}`;
        initializers.push(encodeTensor(name, [], DataType.FLOAT, Float32Array.of(value)));
        inputs.push(name);
      }
      while (inputs.at(-1) === "") inputs.pop();
      upgraded.push({ ...node, inputs, rest: withoutAttributes(node) });
    } else if (node.opType === "Slice") {
      const inputs = [node.inputs[0]!];
      for (const part of ["starts", "ends", "axes", "steps"] as const) {
        const values = attributes.get(part)?.ints;
        if (!values) {
          if (part === "starts" || part === "ends") throw new Error(`Slice ${node.outputs[0]} has no ${part}`);
          continue;
        }
        const name = `${node.outputs[0]}__${part}`;
        initializers.push(encodeTensor(name, [values.length], DataType.INT64, BigInt64Array.from(values.map(BigInt))));
        inputs.push(name);
      }
      upgraded.push({ ...node, inputs, rest: withoutAttributes(node) });
    } else upgraded.push(node);
  }
  return upgraded;
}

function isDefaultDomain(field: WireField): boolean {
  const domain = decodeMessage(field.value as Uint8Array).find((part) => part.number === 1);
  return !domain || readText(domain) === "" || readText(domain) === "ai.onnx";
}

export function onnxOpset(model: OnnxModel): number {
  for (const field of model.modelFields) {
    if (field.number !== 8 || !isDefaultDomain(field)) continue;
    const version = decodeMessage(field.value as Uint8Array).find((part) => part.number === 2);
    return Number(version?.value ?? 0n);
  }
  return 0;
}

/** `prepareGraph` from model bytes to model bytes. */
export function prepareModel(bytes: Uint8Array): Uint8Array {
  const prepared = prepareGraph(openModel(bytes));
  const unread = new Set(prepared.model.nodes.flatMap((node) => node.inputs));
  // Constants the rewrites stopped reading (a folded Conv's old weights, hard-swish's 3 and 6) go too.
  const nodes = prepared.model.nodes.filter((node) => node.opType !== "Constant" || unread.has(node.outputs[0]!));
  return saveModel({ ...prepared.model, nodes }, { initializers: prepared.initializers });
}
