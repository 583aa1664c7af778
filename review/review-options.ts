import { existsSync, statSync } from "node:fs";
import { isIP } from "node:net";
import os from "node:os";
import path from "node:path";
import { ReviewConfigError } from "./review-errors.js";
import { packageRoot } from "../pipeline/io/package-root.js";

/** The repository this file sits in: gold `fixture` paths are relative to it. */
export const REPOSITORY_ROOT = packageRoot(import.meta.url);

/** Everything the review server needs, resolved and checked once at start-up. */
export interface ReviewOptions {
  /** Absolute run directory written by `ingest` (records.jsonl, flagged.jsonl, documents/). */
  readonly runDir: string;
  /** Interface to listen on. @default "127.0.0.1" */
  readonly host: string;
  /** TCP port; 0 picks a free one (tests). @default 8377 */
  readonly port: number;
  /**
   * Secret every request must carry (cookie set from `/?token=…`, or `Authorization: Bearer …`); required when
   * `host` is not a loopback address. Never logged. @default null (loopback only)
   */
  readonly token: string | null;
  /** Stored with every decision. @default `REVIEWER`, else the operating-system user name */
  readonly reviewer: string;
  /** Where decisions live: beside the run's outputs, never among them. @default `<runDir>/review.sqlite` */
  readonly databaseFile: string;
  /** What gold `fixture` paths are relative to. @default the repository root */
  readonly repositoryRoot: string;
  /** Where "promote to fixture" writes gold files. @default `<repositoryRoot>/fixtures/gold/promoted` */
  readonly goldDir: string;
  /** Pixels per PDF point of page images (2 = 144 dpi: small CJK text stays legible). @default 2 */
  readonly renderScale: number;
}

/** Raw values as they come from the command line (undefined when not given). */
export interface ReviewCliOptions {
  readonly runDir?: string;
  readonly host?: string;
  readonly port?: string | number;
  readonly token?: string;
  readonly reviewer?: string;
  readonly goldDir?: string;
  readonly repositoryRoot?: string;
  readonly renderScale?: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** A token shorter than this could be guessed by a script on the network within a working day. */
const MINIMUM_TOKEN_LENGTH = 16;
const MAXIMUM_REVIEWER_LENGTH = 100;

/**
 * Flags, then environment (`REVIEW_TOKEN`, `REVIEWER`), then defaults; every value checked here. Binding to
 * anything but a loopback address without a token is refused: the app shows and changes analysts' work, and
 * on a shared network anyone could otherwise do both.
 */
export function resolveReviewOptions(options: ReviewCliOptions, env: Env = process.env): ReviewOptions {
  if (options.runDir === undefined || options.runDir.trim() === "") throw new ReviewConfigError("No run directory: pass one, e.g. `review runs/sample`");
  const runDir = path.resolve(options.runDir);
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) {
    throw new ReviewConfigError(`Run directory ${runDir} does not exist: run \`npm run ingest -- PDFS --out ${options.runDir}\` first`);
  }
  if (!existsSync(path.join(runDir, "records.jsonl"))) {
    throw new ReviewConfigError(`${runDir} has no records.jsonl: is it a run directory written by \`ingest --out\`?`);
  }

  const host = nonEmpty(options.host) ?? "127.0.0.1";
  if (host !== "localhost" && isIP(host) === 0) {
    throw new ReviewConfigError(`Expected \`--host\` to be an IP address or localhost, got \`${host}\``);
  }
  const port = portNumber(options.port);

  const token = nonEmpty(options.token) ?? nonEmpty(env.REVIEW_TOKEN) ?? null;
  if (token !== null && token.length < MINIMUM_TOKEN_LENGTH) {
    throw new ReviewConfigError(`The review token must be at least ${MINIMUM_TOKEN_LENGTH} characters long (try \`openssl rand -hex 16\`)`);
  }
  if (token === null && !isLoopback(host)) {
    throw new ReviewConfigError(
      `Refusing to listen on ${host} without a token: anyone who can reach it could read and change the review. Pass --token (or set REVIEW_TOKEN), or bind to 127.0.0.1`,
    );
  }

  const reviewer = nonEmpty(options.reviewer) ?? nonEmpty(env.REVIEWER) ?? operatingSystemUser();
  if (reviewer === null) throw new ReviewConfigError("No reviewer name: pass --reviewer NAME or set REVIEWER");
  if (reviewer.length > MAXIMUM_REVIEWER_LENGTH || /[\u0000-\u001f]/.test(reviewer)) {
    throw new ReviewConfigError(`Expected \`--reviewer\` to be a name of at most ${MAXIMUM_REVIEWER_LENGTH} printable characters`);
  }

  const renderScale = options.renderScale ?? 2;
  if (!(renderScale >= 0.5 && renderScale <= 4)) throw new ReviewConfigError(`Expected the render scale to be from 0.5 to 4, got ${renderScale}`);

  const repositoryRoot = path.resolve(options.repositoryRoot ?? REPOSITORY_ROOT);
  return {
    runDir,
    host,
    port,
    token,
    reviewer,
    databaseFile: path.join(runDir, "review.sqlite"),
    repositoryRoot,
    goldDir: path.resolve(options.goldDir ?? path.join(repositoryRoot, "fixtures/gold/promoted")),
    renderScale,
  };
}

/** 127.0.0.0/8, ::1 and the name localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function portNumber(value: string | number | undefined): number {
  if (value === undefined) return 8377;
  const port = typeof value === "number" ? value : /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ReviewConfigError(`Expected \`--port\` to be a number from 0 to 65535, got \`${value}\``);
  return port;
}

function operatingSystemUser(): string | null {
  try {
    return nonEmpty(os.userInfo().username) ?? null;
  } catch {
    // No passwd entry (some containers): the caller asks for --reviewer instead.
    return null;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
