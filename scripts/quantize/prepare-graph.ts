import { DataType, constantValue, encodeTensor, floatAttribute, initializerName, initializersOf, makeNode, openModel, parseTensor, saveModel, type ConstantTensor, type OnnxModel, type OnnxNode } from "./onnx-model.js";
import { decodeMessage, encodeMessage, readText, text, varints, type WireField } from "./protobuf-wire.js";

/**
 * Float-to-float rewrites that leave what a model computes unchanged (to float rounding) and make it cheaper
 * to run and possible to quantize: BatchNormalization, and PP-LCNetV3's learnable affine (a constant Mul and
 * Add), folded into the Conv before them, PP-LCNet's hard-swish
 * spelled as one HardSigmoid and a Mul instead of four element-wise passes, and an opset-9 graph's Clip and
 * Slice moved to opset 11's form (onnxruntime's integer convolution needs opset 10 or later).
 */
export interface PreparedGraph {
  readonly model: OnnxModel;
  /** New constants, written as graph initializers. */
  readonly initializers: Uint8Array[];
  readonly opset: number;
}

export interface PrepareOptions {
  /**
   * Fold PP-LCNetV3's affine blocks into Convs (default true). Exact in float, but a quantized model's
   * calibration then sees each Conv's range after the affine instead of before it, so its int8 grid moves.
   */
  readonly foldAffines?: boolean;
}

export function prepareGraph(model: OnnxModel, { foldAffines = true }: PrepareOptions = {}): PreparedGraph {
  const initializers: Uint8Array[] = [];
  let nodes = foldBatchNorms(model.nodes, initializers);
  if (foldAffines) {
    nodes = foldConvAffines(nodes, initializers, initializersOf(model));
    nodes = foldAffinesIntoPointwiseConvs(nodes, initializers, initializersOf(model));
  }
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

/**
 * Conv → Mul by a constant → Add of a constant (either alone too; one value, or one per output channel) as
 * one Conv with scaled weights and bias. PP-LCNetV3 puts this "learnable affine block" after most of its
 * Convs: onnxruntime folds it into a float Conv itself, but not across the Q/DQ pair a quantized Conv's
 * output gets, where it would stay two passes over the whole tensor (56 per model).
 */
export function foldConvAffines(nodes: readonly OnnxNode[], initializers: Uint8Array[], graphInitializers: ReadonlyMap<string, ConstantTensor> = new Map()): OnnxNode[] {
  const { consumers, constants: constantNodes, only } = index(nodes);
  // Weights may be Constant nodes, graph initializers, or made by an earlier fold (a BatchNormalization's).
  const constants = new Map([...graphInitializers, ...constantNodes, ...initializers.map((bytes) => [initializerName({ number: 5, wireType: 2, value: bytes }), parseTensor(bytes)] as const)]);
  const replaced = new Map<OnnxNode, OnnxNode | null>();
  /** The constant a node combines its other input with, one value per channel, when it is one of those shapes. */
  const perChannel = (node: OnnxNode | undefined, input: string, channels: number): Float32Array | null => {
    if (!node || node.inputs.length !== 2 || !node.inputs.includes(input)) return null;
    const value = constants.get(node.inputs.find((name) => name !== input) ?? "");
    if (!value?.floats || node.inputs[0] === node.inputs[1]) return null;
    if (value.floats.length === 1) return new Float32Array(channels).fill(value.floats[0]!);
    const shapeFits = value.floats.length === channels && value.dims.every((dim, axis) => dim === 1 || axis === value.dims.length - 3);
    return shapeFits && value.dims.length >= 3 ? value.floats : null;
  };
  for (const conv of nodes) {
    if (conv.opType !== "Conv" || replaced.has(conv)) continue;
    const weight = constants.get(conv.inputs[1]!);
    const bias = conv.inputs[2] ? constants.get(conv.inputs[2]) : undefined;
    if (!weight?.floats || (conv.inputs[2] && !bias?.floats)) continue;
    const channels = weight.dims[0]!;
    let output = conv.outputs[0]!;
    const next = () => (only(output) ? consumers.get(output)![0] : undefined);
    const mul = next()?.opType === "Mul" ? next() : undefined;
    const scale = perChannel(mul, output, channels);
    if (mul && scale) output = mul.outputs[0]!;
    const add = next()?.opType === "Add" ? next() : undefined;
    const shift = perChannel(add, output, channels);
    if (add && shift) output = add.outputs[0]!;
    if (!(mul && scale) && !(add && shift)) continue;
    const perWeight = weight.floats.length / channels;
    const foldedWeight = new Float32Array(weight.floats.length);
    const foldedBias = new Float32Array(channels);
    for (let channel = 0; channel < channels; channel++) {
      const factor = mul && scale ? scale[channel]! : 1;
      for (let offset = channel * perWeight; offset < (channel + 1) * perWeight; offset++) foldedWeight[offset] = weight.floats[offset]! * factor;
      foldedBias[channel] = (bias?.floats?.[channel] ?? 0) * factor + (add && shift ? shift[channel]! : 0);
    }
    // Named after the output: two Convs may share one weight tensor but never one output.
    const weightName = `${output}__weight`;
    const biasName = `${output}__bias`;
    initializers.push(encodeTensor(weightName, weight.dims, DataType.FLOAT, foldedWeight));
    initializers.push(encodeTensor(biasName, [channels], DataType.FLOAT, foldedBias));
    replaced.set(conv, { ...conv, inputs: [conv.inputs[0]!, weightName, biasName], outputs: [output] });
    if (mul && scale) replaced.set(mul, null);
    if (add && shift) replaced.set(add, null);
  }
  return nodes.flatMap((node) => (replaced.has(node) ? (replaced.get(node) ? [replaced.get(node)!] : []) : [node]));
}

/**
 * Mul by a constant → Add of a constant (one value each) read only by 1×1 Convs without padding, as those
 * Convs with scaled weights and a shifted bias: W·(a·x + c) + b = (a·W)·x + (b + c·ΣW). PP-LCNetV3's affine
 * after an activation that feeds a pointwise Conv; one that feeds a padded Conv stays (its padding is zeros
 * after the affine, which the folded form would not reproduce at the borders).
 */
export function foldAffinesIntoPointwiseConvs(nodes: readonly OnnxNode[], initializers: Uint8Array[], graphInitializers: ReadonlyMap<string, ConstantTensor> = new Map()): OnnxNode[] {
  const { producers, consumers, constants: constantNodes, only } = index(nodes);
  const constants = new Map([...graphInitializers, ...constantNodes, ...initializers.map((bytes) => [initializerName({ number: 5, wireType: 2, value: bytes }), parseTensor(bytes)] as const)]);
  const scalarOperand = (node: OnnxNode, input: string): number | undefined => {
    if (node.inputs.length !== 2 || node.inputs[0] === node.inputs[1] || !node.inputs.includes(input)) return undefined;
    const value = constants.get(node.inputs.find((name) => name !== input)!)?.floats;
    return value?.length === 1 ? value[0] : undefined;
  };
  const pointwise = (conv: OnnxNode, input: string): boolean => {
    if (conv.opType !== "Conv" || conv.inputs[0] !== input) return false;
    const weight = constants.get(conv.inputs[1]!);
    if (!weight?.floats || weight.dims.slice(2).some((dim) => dim !== 1) || (conv.inputs[2] && !constants.get(conv.inputs[2])?.floats)) return false;
    const attributes = attributesOf(conv);
    return (attributes.get("pads")?.ints ?? []).every((pad) => pad === 0) && attributes.get("auto_pad") === undefined;
  };
  const replaced = new Map<OnnxNode, OnnxNode | null>();
  for (const add of nodes) {
    if (add.opType !== "Add") continue;
    const mul = add.inputs.map((input) => producers.get(input)).find((node) => node?.opType === "Mul");
    if (!mul || !only(mul.outputs[0]!) || replaced.has(mul)) continue;
    const x = mul.inputs.find((input) => scalarOperand(mul, input) !== undefined);
    const scale = x === undefined ? undefined : scalarOperand(mul, x);
    const shift = scalarOperand(add, mul.outputs[0]!);
    const readers = consumers.get(add.outputs[0]!) ?? [];
    if (x === undefined || scale === undefined || shift === undefined || readers.length === 0 || !readers.every((conv) => pointwise(conv, add.outputs[0]!) && !replaced.has(conv))) continue;
    for (const conv of readers) {
      const weight = constants.get(conv.inputs[1]!)!;
      const channels = weight.dims[0]!;
      const perChannel = weight.floats!.length / channels;
      const bias = conv.inputs[2] ? constants.get(conv.inputs[2])!.floats! : new Float32Array(channels);
      const foldedWeight = weight.floats!.map((value) => value * scale);
      const foldedBias = new Float32Array(channels);
      for (let channel = 0; channel < channels; channel++) {
        let sum = 0;
        for (let offset = channel * perChannel; offset < (channel + 1) * perChannel; offset++) sum += weight.floats![offset]!;
        foldedBias[channel] = bias[channel]! + shift * sum;
      }
      const weightName = `${conv.outputs[0]}__weight_in`;
      const biasName = `${conv.outputs[0]}__bias_in`;
      initializers.push(encodeTensor(weightName, weight.dims, DataType.FLOAT, foldedWeight));
      initializers.push(encodeTensor(biasName, [channels], DataType.FLOAT, foldedBias));
      replaced.set(conv, { ...conv, inputs: [x, weightName, biasName] });
    }
    replaced.set(mul, null);
    replaced.set(add, null);
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
export function prepareModel(bytes: Uint8Array, options: PrepareOptions = {}): Uint8Array {
  const prepared = prepareGraph(openModel(bytes), options);
  const unread = new Set(prepared.model.nodes.flatMap((node) => node.inputs));
  // Constants the rewrites stopped reading (a folded Conv's old weights, hard-swish's 3 and 6) go too.
  const nodes = prepared.model.nodes.filter((node) => node.opType !== "Constant" || unread.has(node.outputs[0]!));
  // A fold's output folded again (a BatchNormalization's weights scaled by an affine) leaves the first unread.
  const initializers = prepared.initializers.filter((bytes) => unread.has(initializerName({ number: 5, wireType: 2, value: bytes })));
  return saveModel({ ...prepared.model, nodes }, { initializers });
}
