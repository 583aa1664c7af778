/**
 * The run's allowance of image tokens (`--vision-max-image-tokens`): each unit sent as images takes its
 * share up front; once the allowance would be exceeded, units go the text path instead. Counted, not
 * estimated per provider: see `imageTokens`.
 */
export class ImageTokenBudget {
  private used = 0;
  private refused = 0;

  constructor(readonly limit: number) {}

  /** Takes `tokens` if they fit; false (and nothing taken) when they would cross the limit. */
  take(tokens: number): boolean {
    if (this.used + tokens > this.limit) {
      this.refused++;
      return false;
    }
    this.used += tokens;
    return true;
  }

  report(): { readonly limit: number; readonly used: number; readonly unitsRefused: number } {
    return { limit: this.limit, used: this.used, unitsRefused: this.refused };
  }
}
