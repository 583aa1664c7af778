import { DataType, attributesOf, constantValue, encodeTensor, floatAttribute, graphOutputs, makeNode, openModel, saveModel, type ConstantTensor, type OnnxModel, type OnnxNode } from "./onnx-model.js";
import { decodeMessage, encodeMessage, readText, type WireField } from "./protobuf-wire.js";

/**
 * Float-to-float rewrites that leave what a model computes unchanged (to float rounding) and make it cheaper
 * to run and possible to quantize: BatchNormalization and PP-LCNetV3's scalar Mul and Add folded into the
 * Conv before them, PP-LCNet's hard-swish spelled as one HardSigmoid and a Mul instead of four element-wise
 * passes (and its learned scale folded into the Conv that feeds it), and an opset-9 graph's Clip and
 * Slice moved to opset 11's form (onnxruntime's integer convolution needs opset 10 or later).
 */
export interface PreparedGraph {
  readonly model: OnnxModel;
  /** New constants, written as graph initializers. */
  readonly initializers: Uint8Array[];
  readonly opset: number;
}

export function prepareGraph(model: OnnxModel, options: Pick<FoldOptions, "shifts" | "scales"> = {}): PreparedGraph {
  const initializers: Uint8Array[] = [];
  const folded = new Map<string, ConstantTensor>();
  const outputs = new Set(graphOutputs(model));
  let nodes = foldAffinesIntoConvs(model.nodes, folded, { ...options, outputs });
  nodes = fuseHardSwish(nodes);
  if (options.scales !== false) nodes = foldHardSwishScales(nodes, folded, { outputs });
  const read = new Set(nodes.flatMap((node) => node.inputs));
  for (const [name, tensor] of folded) if (read.has(name)) initializers.push(encodeTensor(name, tensor.dims, DataType.FLOAT, tensor.floats!));
  const opset = onnxOpset(model);
  let modelFields = model.modelFields;
  if (opset < 11) {
    nodes = toOpset11(nodes, initializers);
    modelFields = model.modelFields.map((field) => (field.number === 8 && isDefaultDomain(field) ? { ...field, value: encodeMessage([{ number: 2, wireType: 0, value: 11n }]) } : field));
  }
  return { model: { ...model, modelFields, nodes }, initializers, opset: Math.max(11, opset) };
}

const withoutAttributes = (node: OnnxNode): WireField[] => node.rest.filter((field) => field.number !== 5);

/** What the rewrites look up: who makes and who reads each tensor, and the constants' values. */
interface GraphIndex {
  readonly producers: Map<string, OnnxNode>;
  readonly consumers: Map<string, OnnxNode[]>;
  readonly constants: Map<string, ConstantTensor>;
  /** Whether exactly one node reads the tensor and it is not a graph output. */
  only(tensor: string): boolean;
}

function index(nodes: readonly OnnxNode[], known: ReadonlyMap<string, ConstantTensor> = new Map(), outputs: ReadonlySet<string> = new Set()): GraphIndex {
  const producers = new Map<string, OnnxNode>();
  const consumers = new Map<string, OnnxNode[]>();
  const constants = new Map<string, ConstantTensor>(known);
  for (const node of nodes) {
    for (const output of node.outputs) producers.set(output, node);
    for (const input of node.inputs) consumers.set(input, [...(consumers.get(input) ?? []), node]);
    const value = constantValue(node);
    if (value) constants.set(node.outputs[0]!, value);
  }
  return { producers, consumers, constants, only: (tensor: string) => (consumers.get(tensor) ?? []).length === 1 && !outputs.has(tensor) };
}

const replace = (nodes: readonly OnnxNode[], replaced: ReadonlyMap<OnnxNode, OnnxNode | null>): OnnxNode[] =>
  nodes.flatMap((node) => (replaced.has(node) ? (replaced.get(node) ? [replaced.get(node)!] : []) : [node]));

/** One scale and shift per output channel: y[c] = x[c] · scale[c] + shift[c]. */
interface ChannelAffine {
  readonly scale: Float64Array;
  readonly shift: Float64Array;
}

/**
 * The per-channel affine map one node applies to a Conv's output of `channels` channels, when it is one:
 * a BatchNormalization, or a Mul or Add by a constant that is a scalar or one value per channel
 * (PP-LCNetV3's learnable affine block, `x · a + b`, is a Mul and an Add by scalars after a Conv).
 */
function affineOf(node: OnnxNode, input: string, channels: number, constants: ReadonlyMap<string, ConstantTensor>): ChannelAffine | null {
  const scale = new Float64Array(channels).fill(1);
  const shift = new Float64Array(channels);
  if (node.opType === "BatchNormalization" && node.inputs[0] === input && node.outputs.length === 1) {
    const [gamma, beta, mean, variance] = node.inputs.slice(1).map((name) => constants.get(name)?.floats);
    if (!gamma || !beta || !mean || !variance || gamma.length !== channels) return null;
    const epsilon = attributesOf(node).get("epsilon")?.float ?? 1e-5;
    for (let channel = 0; channel < channels; channel++) {
      scale[channel] = gamma[channel]! / Math.sqrt(variance[channel]! + epsilon);
      shift[channel] = beta[channel]! - mean[channel]! * scale[channel]!;
    }
    return { scale, shift };
  }
  if ((node.opType !== "Mul" && node.opType !== "Add") || node.inputs.length !== 2 || node.domain !== "") return null;
  const other = node.inputs[0] === input ? node.inputs[1]! : node.inputs[1] === input ? node.inputs[0]! : null;
  const constant = other === null ? undefined : constants.get(other);
  if (!constant?.floats || !perChannelShape(constant, channels)) return null;
  const values = constant.floats;
  for (let channel = 0; channel < channels; channel++) {
    const value = values.length === 1 ? values[0]! : values[channel]!;
    if (node.opType === "Mul") scale[channel] = value;
    else shift[channel] = value;
  }
  return { scale, shift };
}

/** A scalar, or one value per channel laid out to broadcast over an NCHW tensor ([C, 1, 1] or [1, C, 1, 1]). */
function perChannelShape(constant: ConstantTensor, channels: number): boolean {
  if (constant.floats!.length === 1) return constant.dims.length <= 4;
  const dims = constant.dims;
  return constant.floats!.length === channels && (dims.length === 3 || (dims.length === 4 && dims[0] === 1)) && dims.at(-3) === channels && dims.at(-1) === 1 && dims.at(-2) === 1;
}

/** New weights and bias for `conv` with `affine` applied after it. */
function foldedConv(conv: OnnxNode, affine: ChannelAffine, constants: ReadonlyMap<string, ConstantTensor>, folded: Map<string, ConstantTensor>, output: string, suffix: string): OnnxNode | null {
  const weight = constants.get(conv.inputs[1]!);
  const bias = conv.inputs[2] ? constants.get(conv.inputs[2]) : undefined;
  if (!weight?.floats || (conv.inputs[2] && !bias?.floats)) return null;
  const channels = weight.dims[0]!;
  const perChannel = weight.floats.length / channels;
  const foldedWeight = new Float32Array(weight.floats.length);
  const foldedBias = new Float32Array(channels);
  for (let channel = 0; channel < channels; channel++) {
    const factor = affine.scale[channel]!;
    for (let offset = channel * perChannel; offset < (channel + 1) * perChannel; offset++) foldedWeight[offset] = weight.floats[offset]! * factor;
    foldedBias[channel] = (bias?.floats?.[channel] ?? 0) * factor + affine.shift[channel]!;
  }
  const weightName = `${conv.inputs[1]}__${suffix}`;
  // A Conv folded twice (an affine block, then a hard-swish scale) gets a new name each time rather than
  // overwriting a constant another fold wrote.
  const biasName = suffix === "bn" ? `${output}__bias` : `${output}__${suffix}__bias`;
  folded.set(weightName, { dims: weight.dims, dataType: DataType.FLOAT, floats: foldedWeight });
  folded.set(biasName, { dims: [channels], dataType: DataType.FLOAT, floats: foldedBias });
  return { ...conv, inputs: [conv.inputs[0]!, weightName, biasName], outputs: [output] };
}

const constantWeights = (conv: OnnxNode, constants: ReadonlyMap<string, ConstantTensor>) =>
  conv.opType === "Conv" && conv.domain === "" && !!constants.get(conv.inputs[1]!)?.floats && (!conv.inputs[2] || !!constants.get(conv.inputs[2])?.floats);

export interface FoldOptions {
  /** Tensors the graph outputs: never folded away. */
  readonly outputs?: ReadonlySet<string>;
  /**
   * Fold constant Adds after a Conv too (a BatchNormalization's shift always folds). For a model about to be
   * quantized this is off: a Conv's output and that output plus a constant quantize to grids offset by a
   * fraction of a step, so the int8 model would round every value differently from the one made without the
   * fold (same accuracy in expectation, a different draw: 37 of 72 pages read differently, measured).
   * Scaling by a positive or negative constant maps the grid onto itself and is safe.
   */
  readonly shifts?: boolean;
  /**
   * Fold constant Muls after a Conv and hard-swish's learned scale (on by default). Off, only BatchNorms
   * fold: for a model whose int8 form should stay what it was (see scripts/quantize-ocr-models.ts).
   */
  readonly scales?: boolean;
}

/**
 * Conv followed by per-channel affine maps (BatchNormalization; Mul and Add by constants), each the only
 * reader of the one before, as one Conv with scaled weights and a shifted bias. Besides saving the passes,
 * it lets the int8 recognizer quantize the Conv's output once, where the Mul and Add would sit between
 * the integer convolution's dequantization and the next quantization as float passes.
 */
export function foldAffinesIntoConvs(nodes: readonly OnnxNode[], folded: Map<string, ConstantTensor>, options: FoldOptions = {}): OnnxNode[] {
  const outputs = options.outputs ?? new Set<string>();
  const { consumers, constants, only } = index(nodes, folded, outputs);
  const replaced = new Map<OnnxNode, OnnxNode | null>();
  for (const conv of nodes) {
    if (!constantWeights(conv, constants)) continue;
    const channels = constants.get(conv.inputs[1]!)!.dims[0]!;
    const scale = new Float64Array(channels).fill(1);
    const shift = new Float64Array(channels);
    let tensor = conv.outputs[0]!;
    const absorbed: OnnxNode[] = [];
    while (only(tensor)) {
      const next = consumers.get(tensor)![0]!;
      const affine = affineOf(next, tensor, channels, constants);
      if (!affine || (next.opType === "Add" && !options.shifts) || (next.opType === "Mul" && options.scales === false)) break;
      for (let channel = 0; channel < channels; channel++) {
        scale[channel] = scale[channel]! * affine.scale[channel]!;
        shift[channel] = shift[channel]! * affine.scale[channel]! + affine.shift[channel]!;
      }
      absorbed.push(next);
      tensor = next.outputs[0]!;
    }
    if (absorbed.length === 0) continue;
    const suffix = absorbed.some((node) => node.opType === "BatchNormalization") ? "bn" : "affine";
    const replacement = foldedConv(conv, { scale, shift }, constants, folded, tensor, suffix);
    if (!replacement) continue;
    replaced.set(conv, replacement);
    for (const node of absorbed) replaced.set(node, null);
  }
  return replace(nodes, replaced);
}

/**
 * y · HardSigmoid(y) → Mul by a scalar s, as y' · HardSigmoid(y' / s) with y' = s · y made by the Conv (and
 * the constant Add after it, if any) that makes y: PP-LCNetV3 scales every hard-swish by a learned scalar,
 * one more float pass per layer. A pure scaling, so it leaves an int8 model's grids where they were.
 */
export function foldHardSwishScales(nodes: readonly OnnxNode[], folded: Map<string, ConstantTensor>, options: FoldOptions = {}): OnnxNode[] {
  const outputs = options.outputs ?? new Set<string>();
  const { producers, consumers, constants, only } = index(nodes, folded, outputs);
  const replaced = new Map<OnnxNode, OnnxNode | null>();
  for (const scaling of nodes) {
    if (scaling.opType !== "Mul" || scaling.domain !== "" || scaling.inputs.length !== 2) continue;
    const scalarAt = scaling.inputs.findIndex((name) => constants.get(name)?.floats?.length === 1);
    if (scalarAt < 0) continue;
    const factor = constants.get(scaling.inputs[scalarAt]!)!.floats![0]!;
    const product = producers.get(scaling.inputs[1 - scalarAt]!);
    if (factor === 0 || !Number.isFinite(factor) || !product || product.opType !== "Mul" || !only(product.outputs[0]!)) continue;
    const gate = product.inputs.map((name) => producers.get(name)).find((node) => node?.opType === "HardSigmoid");
    if (!gate || !only(gate.outputs[0]!)) continue;
    const y = gate.inputs[0]!;
    const readers = consumers.get(y) ?? [];
    if (outputs.has(y) || readers.length !== 2 || !readers.includes(gate) || !readers.includes(product) || !product.inputs.includes(y)) continue;
    const source = scaledSource(y, producers, constants, only);
    if (!source || replaced.has(source.conv) || (source.shift && replaced.has(source.shift.node))) continue;
    const channels = constants.get(source.conv.inputs[1]!)!.dims[0]!;
    const convOutput = source.conv.outputs[0]!;
    const conv = foldedConv(source.conv, { scale: new Float64Array(channels).fill(factor), shift: new Float64Array(channels) }, constants, folded, convOutput, "scaled");
    if (!conv) continue;
    if (source.shift) {
      const { node, constant } = source.shift;
      const name = `${node.outputs[0]}__scaled`;
      const values = constants.get(constant)!;
      folded.set(name, { ...values, floats: values.floats!.map((value) => value * factor) });
      replaced.set(node, { ...node, inputs: node.inputs.map((input) => (input === constant ? name : input)) });
    }
    const attributes = attributesOf(gate);
    const alpha = attributes.get("alpha")?.float ?? 0.2;
    const beta = attributes.get("beta")?.float ?? 0.5;
    replaced.set(source.conv, conv);
    replaced.set(gate, { ...gate, rest: [...withoutAttributes(gate), ...[floatAttribute("alpha", alpha / factor), floatAttribute("beta", beta)].map((value) => ({ number: 5, wireType: 2 as const, value }))] });
    replaced.set(product, { ...product, outputs: scaling.outputs });
    replaced.set(scaling, null);
  }
  return replace(nodes, replaced);
}

/** The Conv that makes `tensor`, directly or through one Add of a constant, when both can be scaled. */
function scaledSource(tensor: string, producers: ReadonlyMap<string, OnnxNode>, constants: ReadonlyMap<string, ConstantTensor>, only: (tensor: string) => boolean) {
  const maker = producers.get(tensor);
  if (!maker) return null;
  if (constantWeights(maker, constants)) return { conv: maker, shift: null };
  if (maker.opType !== "Add" || maker.domain !== "" || maker.inputs.length !== 2) return null;
  const constantAt = maker.inputs.findIndex((name) => constants.get(name)?.floats);
  const conv = constantAt < 0 ? undefined : producers.get(maker.inputs[1 - constantAt]!);
  if (!conv || !constantWeights(conv, constants) || !only(conv.outputs[0]!)) return null;
  return { conv, shift: { node: maker, constant: maker.inputs[constantAt]! } };
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
  return replace(nodes, replaced);
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
export function prepareModel(bytes: Uint8Array, options: Pick<FoldOptions, "shifts" | "scales"> = {}): Uint8Array {
  const prepared = prepareGraph(openModel(bytes), options);
  const unread = new Set(prepared.model.nodes.flatMap((node) => node.inputs));
  // Constants the rewrites stopped reading (a folded Conv's old weights, hard-swish's 3 and 6) go too.
  const nodes = prepared.model.nodes.filter((node) => node.opType !== "Constant" || unread.has(node.outputs[0]!));
  return saveModel({ ...prepared.model, nodes }, { initializers: prepared.initializers });
}
