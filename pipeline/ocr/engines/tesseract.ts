import { spawn } from "node:child_process";
import type { GrayImage } from "../gray-image.js";
import type { OcrEngine, OcrEngineOptions, OcrLine } from "../ocr-engine.js";

/**
 * Tesseract (Debian's `tesseract-ocr` with `tesseract-ocr-chi-sim`) through its command line. Kept for
 * comparison and for machines where onnxruntime has no CPU build: on the scanned fixtures it misreads far
 * more table text than PaddleOCR (see bench/ocr-bench.ts), and it needs apt, not just `npm ci`.
 */
export async function createTesseractEngine(options: OcrEngineOptions): Promise<OcrEngine> {
  const binary = "tesseract";
  return {
    name: "tesseract",
    async recognize(image: GrayImage): Promise<OcrLine[]> {
      const tsv = await run(binary, ["-", "-", "-l", "chi_sim", "--psm", "3", "-c", "preserve_interword_spaces=1", "tsv"], toPgm(image), {
        ...process.env,
        OMP_THREAD_LIMIT: String(options.threads),
      });
      return linesFromTsv(tsv);
    },
    async close() {},
  };
}

/** Netpbm graymap: the simplest image format Tesseract's Leptonica reads from stdin. */
function toPgm(image: GrayImage): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, "latin1"), Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length)]);
}

function run(binary: string, args: string[], input: Buffer, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env, stdio: ["pipe", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) =>
      reject(new Error(`Could not run ${binary}: ${error.message}. Install it with scripts/install-system-deps.sh --tesseract, or use --ocr-engine paddle`, { cause: error })),
    );
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(stdout).toString("utf8"));
      else reject(new Error(`${binary} exited with ${code}: ${Buffer.concat(stderr).toString("utf8").trim().slice(0, 500)}`));
    });
    child.stdin.on("error", () => {
      // The process already failed; its exit code says why.
    });
    child.stdin.end(input);
  });
}

interface Word {
  readonly text: string;
  readonly confidence: number;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Tesseract's TSV words grouped into its lines, each line split where the gap between two words is wider
 * than 1.5 line heights: Tesseract runs a table row together as one line, the layout stage wants cells.
 */
export function linesFromTsv(tsv: string): OcrLine[] {
  const lines = new Map<string, Word[]>();
  for (const row of tsv.split("\n").slice(1)) {
    const columns = row.split("\t");
    if (columns.length < 12 || columns[0] !== "5") continue;
    const text = columns[11]!.trim();
    const confidence = Number(columns[10]);
    if (text === "" || confidence < 0) continue;
    const key = `${columns[2]}.${columns[3]}.${columns[4]}`;
    const words = lines.get(key) ?? [];
    words.push({ text, confidence: confidence / 100, left: Number(columns[6]), top: Number(columns[7]), width: Number(columns[8]), height: Number(columns[9]) });
    lines.set(key, words);
  }
  const result: OcrLine[] = [];
  for (const words of lines.values()) {
    words.sort((a, b) => a.left - b.left);
    const lineHeight = Math.max(...words.map((word) => word.height));
    let group: Word[] = [];
    const flush = () => {
      if (group.length === 0) return;
      const left = Math.min(...group.map((word) => word.left));
      const top = Math.min(...group.map((word) => word.top));
      const right = Math.max(...group.map((word) => word.left + word.width));
      const bottom = Math.max(...group.map((word) => word.top + word.height));
      let text = "";
      // Tesseract is sure of words, not characters: each character gets its word's confidence, a joining space 1.
      const characters: number[] = [];
      for (const word of group) {
        if (text !== "" && !isCjk(text.at(-1)!) && !isCjk(word.text[0]!)) {
          text += " ";
          characters.push(1);
        }
        text += word.text;
        for (let unit = 0; unit < word.text.length; unit++) characters.push(word.confidence);
      }
      const confidence = group.reduce((sum, word) => sum + word.confidence, 0) / group.length;
      result.push({ text, confidence, characters, box: { x: left, y: top, width: right - left, height: bottom - top } });
      group = [];
    };
    for (const word of words) {
      const last = group.at(-1);
      if (last && word.left - (last.left + last.width) > lineHeight * 1.5) flush();
      group.push(word);
    }
    flush();
  }
  return result.sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
}

function isCjk(character: string): boolean {
  return /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/u.test(character);
}
