import { describe, expect, it } from "vitest";
import * as ort from "onnxruntime-node";
import { recognizeTextBoxes, trimDecoded } from "./paddle-recognition.js";

describe("trimDecoded", () => {
  it("cuts the per-character probabilities, steps and second choices with the outer spaces", () => {
    const trimmed = trimDecoded({
      text: " ≥95% ",
      confidence: 0.9,
      leastSureStep: 0.6,
      characters: [0.7, 0.8, 0.99, 0.97, 1, 0.6],
      positions: [1, 3, 6, 8, 10, 13],
      alternatives: [
        { index: 1, character: ">", probability: 0.15 },
        { index: 5, character: "。", probability: 0.3 },
      ],
    });
    expect(trimmed).toEqual({ text: "≥95%", characters: [0.8, 0.99, 0.97, 1], positions: [3, 6, 8, 10], alternatives: [{ index: 0, character: ">", probability: 0.15 }] });
  });
});

describe("recognizeTextBoxes with a recheck", () => {
  // A fake recognizer: for every crop of the batch, one time step per entry of `steps` (class, probability),
  // on a 4-class alphabet (blank, 一, 二, 三). It records the batch sizes and widths it was asked about.
  const characters = ["一", "二", "三"];
  function fakeRecognizer(readings: Array<Array<[number, number]>>) {
    const calls: number[][] = [];
    let next = 0;
    const session = {
      inputNames: ["x"],
      outputNames: ["y"],
      async run(feeds: Record<string, ort.Tensor>) {
        const [count = 0, , height = 0, width = 0] = feeds.x!.dims;
        calls.push([count, height, width]);
        const batch = readings.slice(next, next + count);
        next += count;
        const steps = Math.max(...batch.map((reading) => reading.length));
        const data = new Float32Array(count * steps * 4);
        batch.forEach((reading, slot) =>
          reading.forEach(([kind, probability], step) => {
            const row = (slot * steps + step) * 4;
            data[row + kind] = probability;
            data[row + (kind === 0 ? 1 : 0)] = 1 - probability;
          }),
        );
        return { y: new ort.Tensor("float32", data, [count, steps, 4]) };
      },
    };
    return { session: session as unknown as ort.InferenceSession, calls };
  }
  const image = { width: 200, height: 60, data: new Uint8Array(200 * 60).fill(255) };
  const boxes = [
    { x: 10, y: 10, width: 40, height: 20, score: 0.9 },
    { x: 60, y: 10, width: 80, height: 20, score: 0.9 },
  ];

  it("re-reads with the float model only the crop where a step won narrowly, and keeps that reading", async () => {
    // Sorted by width: the 40-px crop first. Its second step (a blank at 0.55) is unsure.
    const first = fakeRecognizer([
      [[1, 0.99], [0, 0.55], [2, 0.98]],
      [[3, 0.99], [0, 0.99]],
    ]);
    const recheck = fakeRecognizer([[[1, 0.99], [3, 0.9], [2, 0.99]]]);
    const lines = await recognizeTextBoxes({ first: first.session, recheck: { session: recheck.session, below: 0.7 } }, characters, image, boxes);
    expect(lines.map((line) => line.text)).toEqual(["一三二", "三"]);
    expect(first.calls).toHaveLength(2);
    // The recheck saw the one unsure crop, at the same height and width as the first pass did.
    expect(recheck.calls).toEqual([first.calls[0]]);
  });

  it("asks the float model nothing when every step was sure, or when there is no recheck", async () => {
    const sure: Array<Array<[number, number]>> = [
      [[1, 0.99], [0, 0.95]],
      [[2, 0.97], [0, 0.99]],
    ];
    const recheck = fakeRecognizer([]);
    const lines = await recognizeTextBoxes({ first: fakeRecognizer(sure).session, recheck: { session: recheck.session, below: 0.7 } }, characters, image, boxes);
    expect(lines.map((line) => line.text)).toEqual(["一", "二"]);
    expect(recheck.calls).toEqual([]);
    const unsure: Array<Array<[number, number]>> = [[[1, 0.6]], [[2, 0.6]]];
    expect((await recognizeTextBoxes({ first: fakeRecognizer(unsure).session }, characters, image, boxes)).map((line) => line.text)).toEqual(["一", "二"]);
  });

  it("puts a doubt on a line whose characters leave room for one the recognizer did not read", async () => {
    const blank: [number, number] = [0, 0.99];
    // 一 二 三 一 four steps apart, then nine steps of blank before 二: a character's room with nothing read in it.
    const gapped: Array<[number, number]> = [[1, 0.99], blank, blank, blank, [2, 0.99], blank, blank, blank, [3, 0.99], blank, blank, blank, [1, 0.99], ...Array<[number, number]>(8).fill(blank), [2, 0.99], blank];
    const even: Array<[number, number]> = [[1, 0.99], blank, blank, blank, [2, 0.99], blank, blank, blank, [3, 0.99], blank, blank, blank, [1, 0.99], blank, blank, blank, [2, 0.99], blank];
    const [narrow, wide] = await recognizeTextBoxes({ first: fakeRecognizer([even, gapped]).session }, characters, image, boxes);
    expect(narrow).toMatchObject({ text: "一二三一二" });
    expect(narrow!.doubts).toBeUndefined();
    expect(wide).toMatchObject({ text: "一二三一二", doubts: [expect.stringContaining('between "一" and "二"')] });
  });
});
