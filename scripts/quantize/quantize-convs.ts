import { DataType, attributesOf, constantValue, graphOutputs, initializerName, initializersOf, encodeTensor, floatOutput, intAttribute, makeNode, openModel, opsetImport, saveModel, type ConstantTensor, type OnnxModel, type OnnxNode } from "../../pipeline/ocr/onnx/onnx-model.js";

/** The range one float tensor took over the calibration inputs. */
export interface TensorRange {
  min: number;
  max: number;
}

/**
 * The tensors whose ranges static quantization needs: every quantizable Conv's input and output. A Conv is
 * quantizable when its weights (and bias) are constants; one whose output feeds a BatchNormalization is
 * left in float, since quantizing between the two would stop onnxruntime folding the BN into the Conv.
 */
export function quantizableConvs(model: OnnxModel): OnnxNode[] {
  const constants = constantsOf(model);
  const consumers = consumersOf(model);
  return model.nodes.filter(
    (node) =>
      node.opType === "Conv" &&
      node.domain === "" &&
      constants.has(node.inputs[1]!) &&
      (node.inputs.length < 3 || node.inputs[2] === "" || constants.has(node.inputs[2]!)) &&
      !(consumers.get(node.outputs[0]!) ?? []).some((consumer) => consumer.opType === "BatchNormalization"),
  );
}

/** The output names of the first `count` quantizable Convs, in graph order. */
export function leadingConvs(model: OnnxModel, count: number): string[] {
  return quantizableConvs(model).slice(0, count).map((node) => node.outputs[0]!);
}

export function tensorsToObserve(model: OnnxModel): string[] {
  return [...new Set(quantizableConvs(model).flatMap((node) => [node.inputs[0]!, node.outputs[0]!]))];
}

/** The model with `names` added to its outputs, so one run reports their values. */
export function withObservedOutputs(bytes: Uint8Array, names: readonly string[]): Uint8Array {
  return saveModel(openModel(bytes), { outputs: names.map(floatOutput) });
}

const MS_DOMAIN = "com.microsoft";

export interface QuantizeOptions {
  /** Output names of Convs left in float. */
  readonly exclude?: ReadonlySet<string>;
  /** See `quantizedBeforeCopies` (on by default; off only to compare against). */
  readonly quantizeBeforeCopies?: boolean;
}

/**
 * A Concat whose output is quantized (read only by a QuantizeLinear), its inputs quantized instead with the
 * same scale and zero point, and before a nearest-neighbour Resize where one makes the input. Both operators
 * only copy values, so the integers are the same either way, and onnxruntime then runs the Resize on uint8
 * and the Concat as QLinearConcat: PP-OCRv4's detector enlarges three feature maps 2-8x and joins them before
 * its head, and quantizing them at their own size skips the float passes over the enlarged ones (0.95x the
 * detector's time, the same probability map).
 */
function quantizedBeforeCopies(nodes: readonly OnnxNode[], outputs: ReadonlySet<string>): OnnxNode[] {
  const producers = new Map<string, OnnxNode>();
  const readers = new Map<string, OnnxNode[]>();
  for (const node of nodes) {
    for (const output of node.outputs) producers.set(output, node);
    for (const input of node.inputs) readers.set(input, [...(readers.get(input) ?? []), node]);
  }
  const readOnlyBy = (tensor: string, node: OnnxNode) => !outputs.has(tensor) && readers.get(tensor)?.length === 1 && readers.get(tensor)![0] === node;
  const dropped = new Set<OnnxNode>();
  const before = new Map<OnnxNode, OnnxNode[]>();
  for (const quantize of nodes) {
    if (quantize.opType !== "QuantizeLinear" || quantize.domain !== MS_DOMAIN) continue;
    const concat = producers.get(quantize.inputs[0]!);
    if (!concat || concat.opType !== "Concat" || concat.domain !== "" || before.has(concat) || !readOnlyBy(concat.outputs[0]!, quantize)) continue;
    const [, scale, zeroPoint] = quantize.inputs as [string, string, string];
    const quantizePair = (tensor: string, name: string) => [
      makeNode("QuantizeLinear", [tensor, scale, zeroPoint], [`${name}__cq`], { domain: MS_DOMAIN }),
      makeNode("DequantizeLinear", [`${name}__cq`, scale, zeroPoint], [`${name}__cdq`], { domain: MS_DOMAIN }),
    ];
    const added: OnnxNode[] = [];
    const inputs = concat.inputs.map((input) => {
      const maker = producers.get(input);
      if (maker && maker.opType === "Resize" && maker.domain === "" && (attributesOf(maker).get("mode")?.text ?? "nearest") === "nearest" && readOnlyBy(input, concat)) {
        const source = maker.inputs[0]!;
        dropped.add(maker);
        added.push(...quantizePair(source, `${input}__source`), { ...maker, inputs: [`${input}__source__cdq`, ...maker.inputs.slice(1)], outputs: [`${input}__f`] }, ...quantizePair(`${input}__f`, input));
      } else added.push(...quantizePair(input, input));
      return `${input}__cdq`;
    });
    before.set(concat, [...added, { ...concat, inputs }]);
  }
  // The moved Resizes read tensors made before the Concat and are read by it alone, so placing them just before it keeps the order valid.
  return nodes.flatMap((node) => (dropped.has(node) ? [] : (before.get(node) ?? [node])));
}

/**
 * Static QDQ quantization of a model's Convs: activations as uint8 with one scale per tensor (from the
 * calibration ranges), weights as int8 with one scale per output channel, biases as int32 at the product of
 * the two. The Q/DQ pairs are com.microsoft's (they take a per-channel axis at any opset; the PP-OCR
 * recognizer is opset 9, before ONNX's own had one), and onnxruntime fuses each DQ → Conv → Q into one
 * integer convolution.
 */
export function quantizeConvs(bytes: Uint8Array, ranges: ReadonlyMap<string, TensorRange>, options: QuantizeOptions = {}): Uint8Array {
  const model = openModel(bytes);
  const constants = constantsOf(model);
  const convs = new Set(quantizableConvs(model).filter((node) => !options.exclude?.has(node.outputs[0]!)));
  const initializers: Uint8Array[] = [];
  const nodes: OnnxNode[] = [];
  const usedConstants = new Set<string>();
  const quantizedActivations = new Set<string>();
  /** Tensors that are already the output of a DQ (a quantized Conv's output), usable as a Conv input as they are. */
  const dequantized = new Set<string>();
  const quantizedInputs = new Set<string>();

  /** The names of a tensor's uint8 scale and zero point, written as initializers the first time it is asked for. */
  const activationParameters = (tensor: string): { scale: string; zeroPoint: string } => {
    const scaleName = `${tensor}__scale`;
    const zeroName = `${tensor}__zero`;
    if (!quantizedActivations.has(tensor)) {
      const { scale, zeroPoint } = uint8Parameters(tensor);
      initializers.push(encodeTensor(scaleName, [], DataType.FLOAT, Float32Array.of(scale)));
      initializers.push(encodeTensor(zeroName, [], DataType.UINT8, Uint8Array.of(zeroPoint)));
      quantizedActivations.add(tensor);
    }
    return { scale: scaleName, zeroPoint: zeroName };
  };
  /** Asymmetric uint8 over the calibrated range widened to hold 0 (so padding and ReLU's zeros are exact). */
  const uint8Parameters = (tensor: string): { scale: number; zeroPoint: number } => {
    const range = ranges.get(tensor);
    if (!range) throw new Error(`no calibration range for ${tensor}`);
    const low = Math.min(0, range.min);
    const high = Math.max(0, range.max);
    const scale = high > low ? (high - low) / 255 : 1;
    return { scale, zeroPoint: Math.min(255, Math.max(0, Math.round(-low / scale))) };
  };

  for (const node of model.nodes) {
    if (!convs.has(node)) {
      nodes.push(node);
      continue;
    }
    const [input, weightName, biasName] = node.inputs as [string, string, string | undefined];
    const output = node.outputs[0]!;
    // Input: Q → DQ, unless it is already a DQ's output.
    let convInput = input;
    if (quantizedInputs.has(input)) convInput = `${input}__dq`;
    else if (!dequantized.has(input)) {
      quantizedInputs.add(input);
      const { scale, zeroPoint } = activationParameters(input);
      nodes.push(makeNode("QuantizeLinear", [input, scale, zeroPoint], [`${input}__q`], { domain: MS_DOMAIN }));
      nodes.push(makeNode("DequantizeLinear", [`${input}__q`, scale, zeroPoint], [`${input}__dq`], { domain: MS_DOMAIN }));
      convInput = `${input}__dq`;
    }
    // Weights: int8, symmetric, one scale per output channel.
    const weight = constants.get(weightName)!;
    const channels = weight.dims[0]!;
    const perChannel = weight.floats!.length / channels;
    const weightScales = new Float32Array(channels);
    const quantizedWeight = new Int8Array(weight.floats!.length);
    for (let channel = 0; channel < channels; channel++) {
      let largest = 0;
      for (let index = channel * perChannel; index < (channel + 1) * perChannel; index++) largest = Math.max(largest, Math.abs(weight.floats![index]!));
      const scale = largest > 0 ? largest / 127 : 1;
      weightScales[channel] = scale;
      for (let index = channel * perChannel; index < (channel + 1) * perChannel; index++) quantizedWeight[index] = Math.max(-127, Math.min(127, Math.round(weight.floats![index]! / scale)));
    }
    usedConstants.add(weightName);
    initializers.push(encodeTensor(`${weightName}__q`, weight.dims, DataType.INT8, quantizedWeight));
    initializers.push(encodeTensor(`${weightName}__scale`, [channels], DataType.FLOAT, weightScales));
    initializers.push(encodeTensor(`${weightName}__zero`, [channels], DataType.INT8, new Int8Array(channels)));
    nodes.push(makeNode("DequantizeLinear", [`${weightName}__q`, `${weightName}__scale`, `${weightName}__zero`], [`${weightName}__dq`], { domain: MS_DOMAIN, attributes: [intAttribute("axis", 0)] }));
    const convInputs = [convInput, `${weightName}__dq`];
    // Bias: int32 at input scale × weight scale, as the integer convolution accumulates.
    if (biasName) {
      const bias = constants.get(biasName)!;
      const inputScale = uint8Parameters(input).scale;
      const biasScales = new Float32Array(channels);
      const quantizedBias = new Int32Array(channels);
      for (let channel = 0; channel < channels; channel++) {
        biasScales[channel] = inputScale * weightScales[channel]!;
        quantizedBias[channel] = Math.round(bias.floats![channel]! / biasScales[channel]!);
      }
      usedConstants.add(biasName);
      initializers.push(encodeTensor(`${biasName}__q`, [channels], DataType.INT32, quantizedBias));
      initializers.push(encodeTensor(`${biasName}__scale`, [channels], DataType.FLOAT, biasScales));
      initializers.push(encodeTensor(`${biasName}__zero`, [channels], DataType.INT32, new Int32Array(channels)));
      nodes.push(makeNode("DequantizeLinear", [`${biasName}__q`, `${biasName}__scale`, `${biasName}__zero`], [`${biasName}__dq`], { domain: MS_DOMAIN, attributes: [intAttribute("axis", 0)] }));
      convInputs.push(`${biasName}__dq`);
    }
    nodes.push({ ...node, inputs: convInputs, outputs: [`${output}__f`] });
    // Output: Q → DQ under the original name, so the Conv's consumers are unchanged.
    const { scale, zeroPoint } = activationParameters(output);
    nodes.push(makeNode("QuantizeLinear", [`${output}__f`, scale, zeroPoint], [`${output}__q`], { domain: MS_DOMAIN }));
    nodes.push(makeNode("DequantizeLinear", [`${output}__q`, scale, zeroPoint], [output], { domain: MS_DOMAIN }));
    dequantized.add(output);
  }
  if (options.quantizeBeforeCopies !== false) nodes.splice(0, nodes.length, ...quantizedBeforeCopies(nodes, new Set(graphOutputs(model))));
  // The float weights' Constant nodes, now read by nothing.
  const stillRead = new Set(nodes.flatMap((node) => node.inputs));
  const kept = nodes.filter((node) => !(node.opType === "Constant" && usedConstants.has(node.outputs[0]!) && !stillRead.has(node.outputs[0]!)));
  const graphFields = model.graphFields.filter((field) => field.number !== 5 || !usedConstants.has(initializerName(field)) || stillRead.has(initializerName(field)));
  return saveModel({ ...model, graphFields, nodes: kept }, { initializers, opsets: [opsetImport(MS_DOMAIN, 1)] });
}

function constantsOf(model: OnnxModel): Map<string, ConstantTensor> {
  const constants = new Map<string, ConstantTensor>(initializersOf(model));
  for (const node of model.nodes) {
    const value = constantValue(node);
    if (value?.floats) constants.set(node.outputs[0]!, value);
  }
  return constants;
}

function consumersOf(model: OnnxModel): Map<string, OnnxNode[]> {
  const consumers = new Map<string, OnnxNode[]>();
  for (const node of model.nodes) for (const input of node.inputs) consumers.set(input, [...(consumers.get(input) ?? []), node]);
  return consumers;
}
