import { randomUUID } from "node:crypto";
import path from "node:path";
import { ERROR_CATALOGUE, FLAG_CATALOGUE } from "../schemas/flag-catalogue.js";
import type { Flag } from "../schemas/flag.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import type { StageContext } from "../pipeline/context.js";
import { silentLogger, type Logger } from "../pipeline/logger.js";
import { applyDecision, type CurrentRecord } from "./apply-decision.js";
import { applyEdits } from "./apply-edits.js";
import { DecisionStore } from "./decision-store.js";
import { DocumentFiles } from "./document-files.js";
import { loadRun, type ReviewRun } from "./load-run.js";
import { PageRenderer } from "./page-renderer.js";
import { promoteToGold } from "./promote-to-gold.js";
import { editableFields, type RecordEdits } from "./record-fields.js";
import { recordHash } from "./record-hash.js";
import { revalidateDocument } from "./revalidate-document.js";
import { reviewStageContext } from "./review-stage-context.js";
import { ConflictError, InvalidRequestError, NotFoundError } from "./review-errors.js";
import type { ReviewOptions } from "./review-options.js";
import { flagKey, queueEntries } from "./queue-entries.js";
import { neighbourOf, queryDocuments, queryQueue, QueueQuerySchema, matchesQueueFilters, type DocumentQuery, type QueueFilters, type QueueQuery } from "./queue-query.js";
import type { BulkRequest, DecisionRequest, FlagVerdictRequest } from "./review-requests.js";
import type { BulkResultView, CheckView, DocumentPageView, FlagVerdictView, PromotionView, QueueEntryView, QueueView, RecordView, SessionView } from "./review-views.js";
import type { StoredFlagVerdict } from "./decision-store.js";

export interface ReviewServiceDependencies {
  readonly logger?: Logger;
  /** Injected by tests. */
  readonly now?: () => Date;
  /** What a relative `document.path` in the run is relative to: where `ingest` was run. @default process.cwd() */
  readonly documentBaseDir?: string;
}


/**
 * What the review app can do, independent of HTTP: the queue, one record with its corrections and live flags,
 * decisions, promotion to gold, page images. The run's files are read once and never written; decisions go
 * to the store. Routes only parse requests and call this.
 */
export class ReviewService {
  private readonly options: ReviewOptions;
  private readonly run: ReviewRun;
  private readonly store: DecisionStore;
  private readonly renderer: PageRenderer;
  private readonly files: DocumentFiles;
  private readonly stage: StageContext;
  private readonly now: () => Date;
  private readonly logger: Logger;
  /** Hash of each pipeline record: a decision made on a different hash is stale. */
  private readonly recordHashes: ReadonlyMap<string, string>;
  /** Promotions write shared gold files: one at a time, so two never lose each other's project. */
  private promotions: Promise<unknown> = Promise.resolve();

  private constructor(options: ReviewOptions, run: ReviewRun, store: DecisionStore, dependencies: ReviewServiceDependencies) {
    this.options = options;
    this.run = run;
    this.store = store;
    this.logger = dependencies.logger ?? silentLogger;
    this.now = dependencies.now ?? (() => new Date());
    this.renderer = new PageRenderer({ scale: options.renderScale });
    this.files = new DocumentFiles(dependencies.documentBaseDir ?? process.cwd());
    this.stage = reviewStageContext(this.logger);
    this.recordHashes = new Map([...run.records].map(([id, record]) => [id, recordHash(record)]));
  }

  static async open(options: ReviewOptions, dependencies: ReviewServiceDependencies = {}): Promise<ReviewService> {
    const run = await loadRun(options.runDir);
    const store = DecisionStore.open(options.databaseFile);
    return new ReviewService(options, run, store, dependencies);
  }

  session(): SessionView {
    return {
      reviewer: this.options.reviewer,
      run: { name: path.basename(this.run.dir), records: this.run.records.size, queued: this.run.queue.length, documents: this.run.documentRecordIds.size },
      renderScale: this.options.renderScale,
      catalogue: { ...ERROR_CATALOGUE, ...FLAG_CATALOGUE },
    };
  }

  /** One page of the queue as filtered; without a query, the first page of the review queue. */
  queue(query: QueueQuery = QueueQuerySchema.parse({})): QueueView {
    return queryQueue(this.entries(), query);
  }

  /** Documents with their review progress, searched and paged. */
  documents(query: DocumentQuery): DocumentPageView {
    return queryDocuments(this.entries(), query);
  }

  /** The next (or previous) record of the queue as filtered, or null at its end. */
  neighbour(id: string, direction: 1 | -1, filters: QueueFilters): { readonly id: string | null } {
    this.original(id);
    return { id: neighbourOf(this.entries(), id, direction, filters) };
  }

  /** Every record of the run with its status: queued records first, in the pipeline's order, then the others. */
  private entries(): QueueEntryView[] {
    return queueEntries(this.run, this.store.latestAll(), this.verdictsByFlag(), this.recordHashes);
  }

  private verdictsByFlag(): Map<string, StoredFlagVerdict> {
    return new Map(this.store.latestFlagVerdicts().map((verdict) => [flagKey(verdict.recordId, verdict.code, verdict.path), verdict]));
  }

  /** Dismisses one of the pipeline's flags on a record as a false positive, or confirms it. */
  async flagVerdict(id: string, request: FlagVerdictRequest): Promise<RecordView> {
    const original = this.original(id);
    if (!original.flags.some((flag) => flag.code === request.code && flag.path === request.path)) {
      throw new NotFoundError(`The record has no flag ${request.code} on ${request.path.slice(0, 80)}`);
    }
    this.store.addFlagVerdicts([this.newVerdict(original, request.code, request.path, request.verdict, request.note, null)]);
    this.logger.info("flag-verdict-saved", { id, code: request.code, path: request.path, verdict: request.verdict });
    return this.record(id);
  }

  /**
   * One decision for every record of the filtered queue that carries `code`, stored per record. A flag
   * verdict covers every flag of that code on each record; accept and reject leave decided records alone,
   * so a bulk action never overwrites an analyst's correction.
   */
  async bulk(request: BulkRequest): Promise<BulkResultView> {
    const bulkId = randomUUID();
    const filters: QueueFilters = { ...request.filters, code: request.code };
    const targets = this.entries().filter((entry) => matchesQueueFilters(entry, filters));
    if (targets.length === 0) throw new NotFoundError(`No record of the queue as filtered has the flag ${request.code}`);
    if (request.action === "false_positive" || request.action === "confirmed") {
      const verdict = request.action;
      const rows = targets.flatMap((entry) => {
        const original = this.original(entry.id);
        return original.flags.filter((flag) => flag.code === request.code).map((flag) => this.newVerdict(original, flag.code, flag.path, verdict, request.note, bulkId));
      });
      this.store.addFlagVerdicts(rows);
      this.logger.info("bulk-flag-verdict-saved", { code: request.code, verdict, records: targets.length, flags: rows.length, bulkId });
      return { bulkId, applied: targets.length, skipped: 0 };
    }
    const todo = targets.filter((entry) => entry.status === "todo" || entry.stale);
    const note = request.note.trim() === "" ? `bulk ${request.action} by flag ${request.code}` : request.note;
    for (const entry of todo) await this.decide(entry.id, request.action === "reject" ? { action: "reject", note } : { action: "accept", note });
    this.logger.info("bulk-decision-saved", { code: request.code, action: request.action, records: todo.length, bulkId });
    return { bulkId, applied: todo.length, skipped: targets.length - todo.length };
  }

  private newVerdict(original: ProjectRecord, code: string, fieldPath: string, verdict: FlagVerdictRequest["verdict"], note: string, bulkId: string | null) {
    return {
      recordId: original.id,
      documentSha256: original.document.sha256,
      code,
      path: fieldPath,
      verdict,
      note: note.trim(),
      reviewer: this.options.reviewer,
      decidedAt: this.now().toISOString(),
      pipelineRecordSha256: this.recordHashes.get(original.id)!,
      bulkId,
    };
  }

  async record(id: string): Promise<RecordView> {
    const current = await this.validatedCurrent(this.original(id), null);
    return this.recordView(current);
  }

  /** Applies unsaved corrections and re-runs the rules: nothing is stored. */
  async check(id: string, edits: RecordEdits): Promise<CheckView> {
    const original = this.original(id);
    const applied = applyEdits(original, edits);
    if (!applied.ok) return { ok: false, issues: applied.issues };
    const current = await this.validatedCurrent(original, { record: applied.record, editedPaths: applied.editedPaths });
    return {
      ok: true,
      record: current.record,
      fields: editableFields(current.record),
      resolvedFlags: resolvedFlags(original.flags, current.record.flags),
      editedPaths: applied.editedPaths,
    };
  }

  async decide(id: string, request: DecisionRequest): Promise<RecordView> {
    const original = this.original(id);
    let replacement: { record: ProjectRecord; editedPaths: readonly string[] } | null = null;
    let edits: RecordEdits = {};
    if (request.action === "correct") {
      const applied = applyEdits(original, request.edits);
      if (!applied.ok) throw new InvalidRequestError("The corrections do not make a valid record: nothing was saved", { status: 422, issues: applied.issues });
      if (applied.editedPaths.length === 0) throw new InvalidRequestError("The corrections change nothing: accept the record instead");
      replacement = applied;
      edits = Object.fromEntries(applied.editedPaths.map((field) => [field, request.edits[field]!]));
    } else {
      // Accepting or rejecting is a verdict on the pipeline's record as it stands, without corrections.
      replacement = { record: original, editedPaths: [] };
    }
    const current = await this.validatedCurrent(original, replacement);
    const stored = this.store.add({
      recordId: id,
      documentSha256: original.document.sha256,
      action: request.action,
      note: request.note.trim(),
      reviewer: this.options.reviewer,
      decidedAt: this.now().toISOString(),
      pipelineRecordSha256: this.recordHashes.get(id)!,
      edits,
      record: current.record,
    });
    this.logger.info("decision-saved", { id, action: stored.action, decision: stored.id });
    return this.record(id);
  }

  async promote(id: string): Promise<PromotionView> {
    const original = this.original(id);
    const current = await this.validatedCurrent(original, null);
    const decision = current.decision;
    if (decision === null || decision.action === "reject") {
      throw new ConflictError("Only an accepted or corrected record can become gold: accept or correct it first");
    }
    if (decision.pipelineRecordSha256 !== this.recordHashes.get(id) || current.editError !== null) {
      throw new ConflictError("The pipeline's record changed since this decision: review it again before promoting it");
    }
    const pdfFile = await this.files.fileOf(original);
    const promoting = this.promotions.then(() =>
      promoteToGold(
        {
          record: current.record,
          original,
          decision: { action: decision.action === "correct" ? "correct" : "accept", note: decision.note, reviewer: decision.reviewer, decidedAt: decision.decidedAt, edits: decision.edits },
          pdfFile,
          documentProjectCount: this.run.documentRecordIds.get(original.document.sha256)?.length ?? 1,
        },
        { goldDir: this.options.goldDir, repositoryRoot: this.options.repositoryRoot },
      ),
    );
    this.promotions = promoting.catch(() => undefined);
    const result = await promoting;
    this.store.addPromotion({ recordId: id, decisionId: decision.id, goldFile: result.file, reviewer: this.options.reviewer, promotedAt: this.now().toISOString() });
    this.logger.info("record-promoted", { id, file: result.file });
    const relative = (file: string) => path.relative(this.options.repositoryRoot, file).split(path.sep).join("/");
    return {
      file: relative(result.file),
      created: result.created,
      projects: result.projects,
      documentProjects: result.documentProjects,
      copiedPdf: result.copiedPdf === null ? null : relative(result.copiedPdf),
    };
  }

  /** PNG of a page of the record's document; only pages of that document, only through the record. */
  async pageImage(id: string, page: number): Promise<Buffer> {
    const record = this.original(id);
    if (!Number.isInteger(page) || page < 1 || page > record.document.pageCount) {
      throw new NotFoundError(`${path.basename(record.document.path)} has pages 1 to ${record.document.pageCount}, not ${page}`);
    }
    return this.renderer.render(await this.files.fileOf(record), record.document.sha256, page);
  }

  /** The record's PDF, verified against the hash the run recorded. */
  async documentFile(id: string): Promise<{ file: string; name: string }> {
    const file = await this.files.fileOf(this.original(id));
    return { file, name: path.basename(file) };
  }

  async close(): Promise<void> {
    await this.promotions;
    await this.renderer.close();
    this.store.close();
  }

  private original(id: string): ProjectRecord {
    const record = this.run.records.get(id);
    if (!record) throw new NotFoundError(`No record ${JSON.stringify(id.slice(0, 80))} in this run`);
    return record;
  }

  /**
   * The record in its current version with flags re-validated over its whole document, each sibling in its
   * own current version; `replacement` stands in for the stored version (unsaved or about-to-be-saved edits).
   */
  private async validatedCurrent(original: ProjectRecord, replacement: { record: ProjectRecord; editedPaths: readonly string[] } | null): Promise<CurrentRecord> {
    const decisions = this.store.latestForDocument(original.document.sha256);
    const ids = this.run.documentRecordIds.get(original.document.sha256) ?? [original.id];
    const versions = ids.map((id) => {
      const version = applyDecision(this.run.records.get(id)!, decisions.get(id) ?? null);
      return id === original.id && replacement ? { ...version, ...replacement } : version;
    });
    const validated = await revalidateDocument(
      {
        records: versions.map((version) => version.record),
        originals: this.run.records,
        editedPaths: new Map(versions.map((version) => [version.original.id, version.editedPaths])),
      },
      this.stage,
    );
    const position = ids.indexOf(original.id);
    const version = versions[position]!;
    return { ...version, record: validated.records[position]! };
  }

  private flagVerdictViews(original: ProjectRecord): Record<string, FlagVerdictView> {
    const verdicts = this.verdictsByFlag();
    const views: Record<string, FlagVerdictView> = {};
    for (const flag of original.flags) {
      const verdict = verdicts.get(flagKey(original.id, flag.code, flag.path));
      if (!verdict) continue;
      views[`${flag.code} ${flag.path}`] = {
        verdict: verdict.verdict,
        reviewer: verdict.reviewer,
        decidedAt: verdict.decidedAt,
        note: verdict.note,
        bulk: verdict.bulkId !== null,
        stale: verdict.pipelineRecordSha256 !== this.recordHashes.get(original.id),
      };
    }
    return views;
  }

  private recordView(current: CurrentRecord): RecordView {
    const { original, record, decision } = current;
    const fields = editableFields(record);
    return {
      id: original.id,
      record,
      fields,
      originalFields: editableFields(original),
      // As the form shows them (normalized), so the page can tell unsaved corrections from saved ones.
      edits: Object.fromEntries(current.editedPaths.map((field) => [field, fields[field] ?? ""])),
      resolvedFlags: resolvedFlags(original.flags, record.flags),
      flagVerdicts: this.flagVerdictViews(original),
      queued: this.run.queue.some((entry) => entry.id === original.id),
      decision:
        decision === null
          ? null
          : {
              id: decision.id,
              recordId: decision.recordId,
              documentSha256: decision.documentSha256,
              action: decision.action,
              note: decision.note,
              reviewer: decision.reviewer,
              decidedAt: decision.decidedAt,
              pipelineRecordSha256: decision.pipelineRecordSha256,
              stale: decision.pipelineRecordSha256 !== this.recordHashes.get(original.id),
              editError: current.editError,
            },
      history: this.store.history(original.id),
      promotion: this.store.latestPromotion(original.id),
    };
  }
}

/** Pipeline flags with no flag of the same code on the same field any more. */
function resolvedFlags(before: readonly Flag[], after: readonly Flag[]): Flag[] {
  const remaining = new Set(after.map((flag) => `${flag.code}\u0000${flag.path}`));
  return before.filter((flag) => !remaining.has(`${flag.code}\u0000${flag.path}`));
}
