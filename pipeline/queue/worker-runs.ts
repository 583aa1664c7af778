import type { Redis } from "ioredis";
import { resolveConfig, type PipelineConfig } from "../config.js";
import type { StageContext } from "../context.js";
import { createExtractorContext, type ExtractorSetup } from "../create-extractor-context.js";
import type { Logger } from "../logger.js";
import type { OcrPagesContext } from "../ocr-pages.js";
import { OcrPool } from "../ocr/ocr-pool.js";
import { runFingerprint } from "../run-fingerprint.js";
import { createDocumentReaderPool, type DocumentReaderPool } from "../workers/read-pdf-pool.js";
import { createRedisPacer } from "./redis-pacer.js";
import type { DocumentJobData } from "./stage-queues.js";

/** What a worker needs to work one run's documents: its configuration, reader threads, OCR, extractor. */
export interface WorkerRun {
  readonly config: PipelineConfig;
  readonly stage: StageContext;
  readonly reader: DocumentReaderPool;
  readonly ocr: () => OcrPagesContext["ocr"];
  readonly extractor: ExtractorSetup;
  /** What produces this worker's results for the run: the collector records it in the state store. */
  readonly fingerprint: string;
  /**
   * The model's pre-flight check, once per run on this worker, before its first extract job: a dead
   * endpoint or a wrong key is logged once and opens the circuit breaker, as at a single-machine run's start.
   */
  modelChecked(): Promise<void>;
}

/**
 * The runs a worker has seen, each set up on its first job: its configuration resolved from the options the
 * submitter put in the job and this machine's environment (its API key, its cores), so one worker serves
 * any number of runs. Reader threads and OCR models are made on first use and kept until the worker stops.
 */
export class WorkerRuns {
  private readonly runs = new Map<string, Promise<WorkerRun>>();
  private readonly closers: Array<() => Promise<void>> = [];

  constructor(
    private readonly redis: Redis,
    private readonly options: { readonly readConcurrency: number; readonly logger: Logger; readonly signal: AbortSignal; readonly env?: NodeJS.ProcessEnv },
  ) {}

  /** The run of a job, set up once: concurrent first jobs of one run share the one setup. */
  get(data: DocumentJobData): Promise<WorkerRun> {
    const known = this.runs.get(data.runId);
    if (known) return known;
    const run = this.setUp(data);
    this.runs.set(data.runId, run);
    // A setup that failed (a bad option) is tried again by the next job rather than kept.
    run.catch(() => this.runs.delete(data.runId));
    return run;
  }

  private async setUp(data: DocumentJobData): Promise<WorkerRun> {
    const config = resolveConfig({ ...data.options, inputs: [], concurrency: this.options.readConcurrency, progress: "none" }, this.options.env ?? process.env, false);
    const stage: StageContext = { config, logger: this.options.logger, signal: this.options.signal };
    const pace = (model: string) =>
      config.llm && config.llm.requestsPerMinute > 0
        ? createRedisPacer(this.redis, { endpoint: config.llm.baseUrl ?? "default", model, requestsPerMinute: config.llm.requestsPerMinute })
        : undefined;
    const text = config.llm ? pace(config.llm.model) : undefined;
    const vision = config.vision ? pace(config.vision.model) : undefined;
    const extractor = await createExtractorContext(stage, { pacers: { ...(text ? { text } : {}), ...(vision ? { vision } : {}) }, countPerDocument: true });
    let reader: DocumentReaderPool | null = null;
    let ocrPool: OcrPool | null = null;
    this.closers.push(async () => {
      await reader?.close();
      await ocrPool?.close();
      extractor.modelGateway?.close();
    });
    let checked: Promise<void> | null = null;
    const logger = this.options.logger;
    const run: WorkerRun = {
      config,
      stage,
      // Made on first use: an extract-only worker starts no reader threads.
      get reader() {
        return (reader ??= createDocumentReaderPool(config));
      },
      ocr: () => (ocrPool ??= new OcrPool({ engine: config.ocr.engine, workers: config.ocr.workers, dpi: config.ocr.dpi })),
      extractor,
      fingerprint: runFingerprint(config, extractor.extractorContext),
      modelChecked: () =>
        (checked ??= (async () => {
          const failure = await extractor.gateway?.checkEndpoint(stage.signal);
          if (failure) logger.warn("llm-endpoint-unreachable", { code: failure.code, message: failure.message });
        })()),
    };
    return run;
  }

  async close(): Promise<void> {
    await Promise.all(this.closers.map((close) => close()));
  }
}
