#!/usr/bin/env -S npx tsx
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createLineLogger } from "../pipeline/logger.js";
import { exportReviewed } from "../review/export-reviewed.js";
import { ReviewConfigError } from "../review/review-errors.js";
import { isLoopback, resolveReviewOptions } from "../review/review-options.js";
import { startReviewServer } from "../review/review-server.js";
import { reviewStageContext } from "../review/review-stage-context.js";

const HELP = `Usage: review RUN_DIR [options]        serve the review page for a run directory
       review export RUN_DIR [--out DIR]  write the reviewed records in every output format

Analysts work through the run's review queue (flagged.jsonl): see each record next to its page, accept,
correct or reject it. Decisions are saved in RUN_DIR/review.sqlite, a file of their own, so re-running the
pipeline into RUN_DIR never touches them.

Options:
  --port N          port (default 8377; 0 picks a free one)
  --host H          address to listen on (default 127.0.0.1); any other address needs --token
  --token T         access token (env REVIEW_TOKEN; prefer the env: flags show in ps); open the page as
                    http://HOST:PORT/?token=T once, a cookie keeps the session
  --reviewer NAME   stored with every decision (env REVIEWER; default: your user name)
  --out DIR         export: where to write (default RUN_DIR/reviewed)
  --verbose         log every decision on stderr
  -h, --help        this text

Exit codes: 0 done; 1 the export or the server failed; 2 usage error.`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        token: { type: "string" },
        reviewer: { type: "string" },
        out: { type: "string" },
        verbose: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const logger = createLineLogger(process.stderr, values.verbose ?? false);
  const exporting = positionals[0] === "export";
  const runDir = exporting ? positionals[1] : positionals[0];
  if (runDir === undefined || positionals.length !== (exporting ? 2 : 1)) {
    process.stderr.write(`Expected one run directory, got ${positionals.length === 0 ? "none" : positionals.join(" ")}\n\n${HELP}\n`);
    return 2;
  }

  try {
    if (exporting) {
      const absolute = path.resolve(runDir);
      if (!existsSync(path.join(absolute, "records.jsonl"))) throw new ReviewConfigError(`${absolute} has no records.jsonl: is it a run directory written by \`ingest --out\`?`);
      const outDir = path.resolve(values.out ?? path.join(absolute, "reviewed"));
      const result = await exportReviewed({ runDir: absolute, outDir, databaseFile: path.join(absolute, "review.sqlite") }, reviewStageContext(logger));
      const { accept, correct, reject } = result.decisions;
      process.stdout.write(
        `exported ${result.records} records (${correct} corrected, ${accept} accepted, ${reject} rejected and left out), ${result.flagVerdicts} flag verdict(s)\n` +
          result.files.map((file) => `  ${path.relative(process.cwd(), file)}\n`).join(""),
      );
      if (result.stale.length > 0) process.stderr.write(`warning: ${result.stale.length} decision(s) were made before a re-run changed the record: ${result.stale.join(", ")}\n`);
      if (result.unapplied.length > 0) process.stderr.write(`warning: the corrections of ${result.unapplied.join(", ")} no longer apply; exported as the pipeline wrote them\n`);
      return 0;
    }

    const options = resolveReviewOptions({
      runDir,
      ...(values.host !== undefined ? { host: values.host } : {}),
      ...(values.port !== undefined ? { port: values.port } : {}),
      ...(values.token !== undefined ? { token: values.token } : {}),
      ...(values.reviewer !== undefined ? { reviewer: values.reviewer } : {}),
    });
    const server = await startReviewServer(options, { logger });
    const session = server.service.session();
    // 0.0.0.0 and :: are where the server listens, not an address a browser can open.
    const shown = options.host === "0.0.0.0" || options.host === "::" ? `http://THIS-MACHINE:${server.port}/` : server.url;
    process.stdout.write(
      `review: ${shown}${options.token ? "?token=YOUR_TOKEN (once; a cookie keeps the session)" : ""}\n` +
        `run ${session.run.name}: ${session.run.queued} records in the review queue, ${session.run.records} in all; reviewer ${options.reviewer}\n` +
        `decisions are saved in ${path.relative(process.cwd(), options.databaseFile) || options.databaseFile}\n` +
        `Ctrl+C to stop\n`,
    );
    if (!isLoopback(options.host)) {
      process.stderr.write("warning: plain HTTP: the token and the documents cross the network unencrypted; prefer an SSH tunnel to 127.0.0.1\n");
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await server.close();
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof ReviewConfigError ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
