import type { TokenUsage } from "../../schemas/project-record.js";
import { CostCeilingReachedError } from "./cost-ceiling-reached-error.js";
import { countRequestTokens } from "./estimate-request-tokens.js";
import type { ChatRequest } from "./llm-gateway.js";
import type { ModelPrice } from "./price-table.js";
import { costOfUsage, formatAmount, type BillingMode, type PicoAmount } from "./token-cost.js";

/** What the gateway asks before it sends a request and tells after; `CostCeiling` is the one implementation. */
export interface SpendGuard {
  /** Throws `CostCeilingReachedError` when the request must not be sent. */
  admit(request: ChatRequest & { readonly imageTokens?: number }): SpendTicket;
  /** The reply came: its real usage replaces the estimate. */
  settle(ticket: SpendTicket, usage: TokenUsage): void;
  /** The request failed without a reply (an HTTP error is not billed). */
  release(ticket: SpendTicket): void;
}

export interface SpendTicket {
  readonly estimate: PicoAmount;
  readonly countedPromptTokens: number;
}

export interface CostCeilingReport {
  readonly limit: string;
  /** Spent on the replies received, exact decimal. */
  readonly spent: string;
  readonly reached: boolean;
  readonly requestsAdmitted: number;
  readonly requestsRefused: number;
  /** 1-based number, in the order they were about to be sent, of the first request not sent; null when none was refused. */
  readonly firstRefusedRequest: number | null;
}

/**
 * `--max-cost`: before each request, what it would cost (its input counted, its output estimated from the
 * replies so far) is added to what replies have cost and what requests in flight are expected to; if that
 * crosses the limit the request is not sent and from then on none is, so the run ends with what is in flight.
 * Cached input is not assumed: the estimate errs on the dear side.
 */
export class CostCeiling implements SpendGuard {
  private spent: PicoAmount = 0n;
  private reserved: PicoAmount = 0n;
  private closed = false;
  private admitted = 0;
  private refused = 0;
  private firstRefused: number | null = null;
  // Calibration from settled replies: the server's prompt tokens against our count, and the mean output.
  private reportedPromptTokens = 0;
  private countedPromptTokens = 0;
  private completionTokens = 0;
  private replies = 0;

  constructor(
    private readonly limit: PicoAmount,
    private readonly price: ModelPrice,
    private readonly mode: BillingMode = "sync",
  ) {}

  admit(request: ChatRequest & { readonly imageTokens?: number }): SpendTicket {
    const counted = countRequestTokens(request);
    const promptTokens = this.countedPromptTokens > 0 ? Math.ceil((counted * this.reportedPromptTokens) / this.countedPromptTokens) : counted;
    // Before any reply, the answer is taken to be as long as the last message (the unit's own text, copied out as JSON).
    const completionTokens = this.replies > 0 ? Math.ceil(this.completionTokens / this.replies) : countRequestTokens({ messages: [request.messages.at(-1)!], schema: {} });
    const estimate = costOfUsage(this.price, { promptTokens, completionTokens }, this.mode);
    if (this.closed || this.spent + this.reserved + estimate > this.limit) {
      this.refused++;
      if (!this.closed) this.firstRefused = this.admitted + this.refused;
      this.closed = true;
      throw new CostCeilingReachedError(
        `Not sent: --max-cost ${formatAmount(this.limit)} would be crossed (spent ${formatAmount(this.spent)}, in flight ~${formatAmount(this.reserved)}, this request ~${formatAmount(estimate)}); ` +
          `the unit keeps the rules' reading`,
        { document: request.document },
      );
    }
    this.admitted++;
    this.reserved += estimate;
    return { estimate, countedPromptTokens: counted };
  }

  settle(ticket: SpendTicket, usage: TokenUsage): void {
    this.reserved -= ticket.estimate;
    this.spent += costOfUsage(this.price, usage, this.mode);
    this.reportedPromptTokens += usage.promptTokens;
    this.countedPromptTokens += ticket.countedPromptTokens;
    this.completionTokens += usage.completionTokens;
    this.replies++;
  }

  release(ticket: SpendTicket): void {
    this.reserved -= ticket.estimate;
  }

  report(): CostCeilingReport {
    return {
      limit: formatAmount(this.limit),
      spent: formatAmount(this.spent),
      reached: this.closed,
      requestsAdmitted: this.admitted,
      requestsRefused: this.refused,
      firstRefusedRequest: this.firstRefused,
    };
  }
}

