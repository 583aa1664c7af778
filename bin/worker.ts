#!/usr/bin/env -S npx tsx
import { redactUrl } from "../pipeline/config.js";
import { ConfigError } from "../pipeline/errors.js";
import { createJsonLogger, createLineLogger } from "../pipeline/logger.js";
import { resolveWorkerOptions, startQueueWorker } from "../pipeline/queue/start-worker.js";
import { parseCommandLine, runCommand } from "./command-line.js";

const HELP = `Usage: worker --queue redis://HOST:PORT[/DB] [options]

Works the documents \`ingest --queue\` submits, until SIGTERM or Ctrl-C: it then takes no new job and
finishes those in hand (a second signal stops at once; those jobs go to another worker once their lock
lapses). Inputs and run directories must be on storage this machine reaches at the same paths.

Options:
  --queue URL          redis://HOST:PORT[/DB] (env INGEST_QUEUE)
  --stages LIST        read, extract or both (default read,extract): read is read → OCR → layout → segment
                       (CPU), extract is extract → validate (the model)
  --concurrency N      jobs at once per stage (default: cores)
  --lock-ms N          a job's lock; a worker silent this long loses its jobs to another (default 30000,
                       env INGEST_QUEUE_LOCK_MS)
  --log-format KIND    lines | json (default lines)
  --verbose            debug events on stderr
  -h, --help           this text

The model's endpoint and key come from this machine's OPENAI_BASE_URL / OPENAI_API_KEY when the run's
submitter did not name the endpoint; the rest of a run's options come with its jobs.`;

async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(
    {
      args: argv,
      options: {
        queue: { type: "string" },
        stages: { type: "string" },
        concurrency: { type: "string" },
        "lock-ms": { type: "string" },
        "log-format": { type: "string" },
        verbose: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    },
    HELP,
  );
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  let options;
  try {
    options = resolveWorkerOptions({ queue: values.queue, stages: values.stages, concurrency: values.concurrency, lockMs: values["lock-ms"] });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`worker: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const verbose = Boolean(values.verbose);
  const logger = values["log-format"] === "json" ? await createJsonLogger(null, verbose) : createLineLogger(process.stderr, verbose);
  const worker = startQueueWorker(options, logger);
  await worker.ready;
  if (values["log-format"] !== "json") process.stderr.write(`worker ${worker.name}: serving ${options.stages.join(", ")} at ${redactUrl(options.url)}, ${options.concurrency} at a time per stage\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.stderr.write("stopping: finishing the jobs in hand (signal again to stop now)\n");
      process.once("SIGTERM", () => void worker.close(true).then(resolve));
      process.once("SIGINT", () => void worker.close(true).then(resolve));
      void worker.close().then(resolve);
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  return 0;
}

runCommand("worker", main);
