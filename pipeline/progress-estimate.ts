/** What a progress display shows at one moment. */
export interface ProgressSnapshot {
  readonly documentsDone: number;
  readonly documentsTotal: number;
  /** Pages sent to OCR so far, and how many came back. */
  readonly pagesQueued: number;
  readonly pagesDone: number;
  /** OCR pages the whole run is expected to have: those queued, plus the documents not yet seen at the rate so far. */
  readonly pagesExpected: number;
  /** OCR pages per second since the first page was sent; 0 before one came back. */
  readonly pagesPerSecond: number;
  readonly documentsPerSecond: number;
  /** Seconds left, from pages when the run has OCR pages (they dominate), else from documents; null while unknown. */
  readonly etaSeconds: number | null;
}

/**
 * The arithmetic behind progress and ETA. A scanned document costs seconds per page and a text-layer one
 * a fraction of a second in all, so a run with OCR pages is estimated by pages: pages left at the rate so
 * far, counting for the documents not yet read as many OCR pages as the documents seen had on average.
 * `now` is injected so tests can drive the clock.
 */
export class ProgressEstimate {
  #documentsTotal = 0;
  #documentsDone = 0;
  #pagesQueued = 0;
  #pagesDone = 0;
  #startedAt: number;
  #firstPageAt: number | null = null;
  /** Documents whose OCR pages are known: they sent some, or finished (with or without). */
  readonly #documentsSeen = new Set<string>();

  constructor(private readonly now: () => number = Date.now) {
    this.#startedAt = now();
  }

  start(documentsTotal: number): void {
    this.#documentsTotal = documentsTotal;
    this.#startedAt = this.now();
  }

  pageQueued(documentKey: string): void {
    this.#pagesQueued++;
    this.#documentsSeen.add(documentKey);
    this.#firstPageAt ??= this.now();
  }

  pageDone(): void {
    this.#pagesDone++;
  }

  documentDone(documentKey: string): void {
    this.#documentsDone++;
    this.#documentsSeen.add(documentKey);
  }

  snapshot(): ProgressSnapshot {
    const now = this.now();
    const unseen = Math.max(0, this.#documentsTotal - this.#documentsSeen.size);
    const perDocument = this.#documentsSeen.size === 0 ? 0 : this.#pagesQueued / this.#documentsSeen.size;
    const pagesExpected = Math.round(this.#pagesQueued + unseen * perDocument);
    const pageSeconds = this.#firstPageAt === null ? 0 : (now - this.#firstPageAt) / 1000;
    const pagesPerSecond = this.#pagesDone > 0 && pageSeconds > 0 ? this.#pagesDone / pageSeconds : 0;
    const documentSeconds = (now - this.#startedAt) / 1000;
    const documentsPerSecond = this.#documentsDone > 0 && documentSeconds > 0 ? this.#documentsDone / documentSeconds : 0;
    let etaSeconds: number | null = null;
    if (this.#pagesQueued > 0) {
      etaSeconds = pagesPerSecond > 0 ? Math.max(0, pagesExpected - this.#pagesDone) / pagesPerSecond : null;
    } else if (documentsPerSecond > 0) {
      etaSeconds = (this.#documentsTotal - this.#documentsDone) / documentsPerSecond;
    }
    return {
      documentsDone: this.#documentsDone,
      documentsTotal: this.#documentsTotal,
      pagesQueued: this.#pagesQueued,
      pagesDone: this.#pagesDone,
      pagesExpected,
      pagesPerSecond,
      documentsPerSecond,
      etaSeconds,
    };
  }
}

/** `45s`, `3m05s`, `1h02m`; `?` while unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "?";
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, "0")}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, "0")}m`;
}
