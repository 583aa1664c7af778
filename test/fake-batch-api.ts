import { http, HttpResponse } from "msw";
import { setupServer, type SetupServer } from "msw/node";
import { completionBody, FAKE_BASE_URL, type ChatCompletionBody, type Responder } from "./fake-model.js";

/** One input line as we uploaded it. */
export interface UploadedLine {
  readonly custom_id: string;
  readonly method: string;
  readonly url: string;
  readonly body: ChatCompletionBody;
}

export interface FakeBatch {
  readonly id: string;
  readonly inputFileId: string;
  readonly endpoint: string;
  readonly completionWindow: string;
  readonly metadata: Record<string, string> | null;
  /** Statuses the batch shows on successive polls; the last one stays. */
  readonly script: string[];
  polls: number;
  outputFileId: string | null;
  errorFileId: string | null;
}

export interface FakeBatchOptions {
  /** Statuses a new batch goes through, one per poll. @default validating, in_progress, completed */
  readonly script?: readonly string[];
  /** Lines that fail: their custom_id → the error line's response status (500, 400 …) or `expired` for a batch error. */
  readonly failLine?: (line: UploadedLine, index: number) => number | "expired" | null;
  /** Called after every request that changed the state (a child process saves it for the next one). */
  readonly onChange?: (state: FakeBatchState) => void;
}

export interface FakeBatchState {
  batches: Map<string, FakeBatch>;
  files: Map<string, string>;
  next: number;
}

/** The state as JSON, for a file another process picks up. */
export function serializeBatchState(state: FakeBatchState): string {
  return JSON.stringify({ batches: [...state.batches], files: [...state.files], next: state.next });
}

export function parseBatchState(text: string): FakeBatchState {
  const json = JSON.parse(text) as { batches: Array<[string, FakeBatch]>; files: Array<[string, string]>; next: number };
  return { batches: new Map(json.batches), files: new Map(json.files), next: json.next };
}

/**
 * The OpenAI Batch API in msw: `POST /files` (multipart, purpose batch), `POST /batches`, `GET /batches/{id}`
 * walking a script of statuses, `GET /files/{id}/content` with the output and error files, answering each line
 * with `respond` (the gold oracle in most tests). `state` can be handed to a second instance: the batches of a
 * "killed" run are still there when the next one polls.
 */
export class FakeBatchApi {
  readonly server: SetupServer;
  readonly uploads: Array<{ readonly id: string; readonly purpose: string; readonly fileName: string; readonly lines: UploadedLine[] }> = [];
  readonly creates: Array<Record<string, unknown>> = [];
  readonly polls: string[] = [];
  readonly downloads: string[] = [];

  constructor(
    private respond: Responder,
    private options: FakeBatchOptions = {},
    readonly state: FakeBatchState = { batches: new Map(), files: new Map(), next: 1 },
  ) {
    this.server = setupServer(
      http.post(`${FAKE_BASE_URL}/files`, async ({ request }) => {
        const form = await request.formData();
        const file = form.get("file") as File;
        const text = await file.text();
        const id = `file-in-${this.state.next++}`;
        this.state.files.set(id, text);
        const lines = text.trimEnd().split("\n").map((line) => JSON.parse(line) as UploadedLine);
        this.uploads.push({ id, purpose: String(form.get("purpose")), fileName: file.name, lines });
        this.options.onChange?.(this.state);
        return HttpResponse.json({ id, object: "file", bytes: text.length, created_at: 1_700_000_000, filename: file.name, purpose: "batch", status: "processed" });
      }),
      http.post(`${FAKE_BASE_URL}/batches`, async ({ request }) => {
        const body = (await request.json()) as { input_file_id: string; endpoint: string; completion_window: string; metadata?: Record<string, string> };
        this.creates.push(body);
        const id = `batch_${this.state.next++}`;
        const batch: FakeBatch = {
          id,
          inputFileId: body.input_file_id,
          endpoint: body.endpoint,
          completionWindow: body.completion_window,
          metadata: body.metadata ?? null,
          script: [...(this.options.script ?? ["validating", "in_progress", "completed"])],
          polls: 0,
          outputFileId: null,
          errorFileId: null,
        };
        this.state.batches.set(id, batch);
        this.options.onChange?.(this.state);
        return HttpResponse.json(this.batchObject(batch, "validating"));
      }),
      http.get(`${FAKE_BASE_URL}/batches/:id`, async ({ params }) => {
        const batch = this.state.batches.get(String(params.id));
        if (!batch) return HttpResponse.json({ error: { message: "No such batch", type: "invalid_request_error" } }, { status: 404 });
        this.polls.push(batch.id);
        const status = batch.script[Math.min(batch.polls, batch.script.length - 1)]!;
        batch.polls++;
        if (status === "completed" || status === "expired") await this.finish(batch);
        this.options.onChange?.(this.state);
        return HttpResponse.json(this.batchObject(batch, status));
      }),
      http.get(`${FAKE_BASE_URL}/files/:id/content`, ({ params }) => {
        const text = this.state.files.get(String(params.id));
        this.downloads.push(String(params.id));
        return text === undefined ? HttpResponse.json({ error: { message: "No such file" } }, { status: 404 }) : new HttpResponse(text, { headers: { "content-type": "application/octet-stream" } });
      }),
    );
  }

  /** A later run's fake: same batches and files, its own counts, perhaps a new script for new batches. */
  resumed(respond: Responder, options: FakeBatchOptions = {}): FakeBatchApi {
    return new FakeBatchApi(respond, options, this.state);
  }

  /** Let every batch still running finish at its next poll. */
  completeAll(): void {
    for (const batch of this.state.batches.values()) batch.script.splice(0, batch.script.length, "completed");
  }

  listen(): void {
    // The SDK probes its multipart support with a `data:` URL, which never leaves the process; anything else is an error.
    this.server.listen({ onUnhandledRequest: (request, print) => (request.url.startsWith("data:") ? undefined : print.error()) });
  }

  close(): void {
    this.server.close();
  }

  /** Answers every line once, writing the output file and, if any line fails, the error file. */
  private async finish(batch: FakeBatch): Promise<void> {
    if (batch.outputFileId !== null || batch.errorFileId !== null) return;
    const lines = this.state.files.get(batch.inputFileId)!.trimEnd().split("\n").map((line) => JSON.parse(line) as UploadedLine);
    const output: string[] = [];
    const errors: string[] = [];
    for (const [index, line] of lines.entries()) {
      const failure = this.options.failLine?.(line, index) ?? null;
      if (failure === "expired") {
        errors.push(JSON.stringify({ id: `batch_req_${index}`, custom_id: line.custom_id, response: null, error: { code: "batch_expired", message: "This request could not be executed before the completion window expired." } }));
      } else if (failure !== null) {
        errors.push(JSON.stringify({ id: `batch_req_${index}`, custom_id: line.custom_id, response: { status_code: failure, request_id: `req_${index}`, body: { error: { message: `fake ${failure}`, type: "server_error", code: null } } }, error: null }));
      } else {
        const response = await this.respond(line.body, index);
        const body = response.status === 200 ? await response.json() : completionBody(null);
        output.push(JSON.stringify({ id: `batch_req_${index}`, custom_id: line.custom_id, response: { status_code: response.status, request_id: `req_${index}`, body }, error: null }));
      }
    }
    if (output.length > 0) {
      batch.outputFileId = `file-out-${this.state.next++}`;
      this.state.files.set(batch.outputFileId, output.join("\n") + "\n");
    }
    if (errors.length > 0) {
      batch.errorFileId = `file-err-${this.state.next++}`;
      this.state.files.set(batch.errorFileId, errors.join("\n") + "\n");
    }
  }

  private batchObject(batch: FakeBatch, status: string): Record<string, unknown> {
    const done = status === "completed" || status === "expired";
    const total = this.state.files.get(batch.inputFileId)!.trimEnd().split("\n").length;
    const failed = batch.errorFileId ? this.state.files.get(batch.errorFileId)!.trimEnd().split("\n").length : 0;
    return {
      id: batch.id,
      object: "batch",
      endpoint: batch.endpoint,
      errors: null,
      input_file_id: batch.inputFileId,
      completion_window: batch.completionWindow,
      status,
      output_file_id: done ? batch.outputFileId : null,
      error_file_id: done ? batch.errorFileId : null,
      created_at: 1_700_000_000,
      in_progress_at: status === "validating" ? null : 1_700_000_060,
      expires_at: 1_700_086_400,
      finalizing_at: done ? 1_700_003_500 : null,
      completed_at: status === "completed" ? 1_700_003_600 : null,
      failed_at: null,
      expired_at: status === "expired" ? 1_700_086_400 : null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: { total, completed: done ? total - failed : 0, failed: done ? failed : 0 },
      metadata: batch.metadata,
    };
  }
}
