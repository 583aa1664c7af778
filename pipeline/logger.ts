/** Structured events, noun-then-verb (`document-start`, `unit-routed`). The runner decides where they go. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  debug(event: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, debug() {} };

/** Plain `event key=value` lines on stderr: warnings always, info and debug with --verbose. */
export function createLineLogger(stream: NodeJS.WritableStream = process.stderr, verbose = false): Logger {
  const write = (level: string, event: string, fields?: Record<string, unknown>) => {
    const parts = Object.entries(fields ?? {}).map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
    stream.write(`${level} ${event}${parts.length ? " " + parts.join(" ") : ""}\n`);
  };
  return {
    info: (event, fields) => {
      if (verbose) write("info", event, fields);
    },
    warn: (event, fields) => write("warn", event, fields),
    debug: (event, fields) => {
      if (verbose) write("debug", event, fields);
    },
  };
}

/**
 * One JSON object a line (pino's format: `{"level":"info","time":"…","event":"document-end",…fields}`), for
 * log shippers: info and warnings always, debug with --verbose. Written synchronously, so no line is lost
 * when the process exits and lines keep their order with the rest of stderr. A field named like a secret
 * is replaced by `[redacted]`, although the pipeline never logs one. pino is loaded here, on demand: every
 * worker thread imports this module for `silentLogger`, and a run with line logs should not pay for pino.
 */
export async function createJsonLogger(destination: NodeJS.WritableStream | null = null, verbose = false): Promise<Logger> {
  const { pino } = await import("pino");
  const logger = pino(
    {
      base: null,
      level: verbose ? "debug" : "info",
      messageKey: "event",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: ["apiKey", "authorization", "*.apiKey", "*.authorization"], censor: "[redacted]" },
    },
    destination ?? pino.destination({ fd: 2, sync: true }),
  );
  return {
    info: (event, fields) => logger.info(fields ?? {}, event),
    warn: (event, fields) => logger.warn(fields ?? {}, event),
    debug: (event, fields) => logger.debug(fields ?? {}, event),
  };
}
