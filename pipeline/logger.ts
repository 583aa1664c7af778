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
