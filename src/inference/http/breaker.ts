/**
 * A circuit breaker per model: after `threshold` consecutive failed cases (retries exhausted) it
 * opens and every later case of the suite fails fast with the reason, instead of hammering a
 * dead server. A success closes the count again.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openedWith: string | undefined;

  constructor(readonly threshold: number) {}

  get open(): boolean {
    return this.openedWith !== undefined;
  }

  /** Why it opened: the last failure's message. */
  get reason(): string | undefined {
    return this.openedWith;
  }

  success(): void {
    if (!this.open) this.consecutive = 0;
  }

  failure(message: string): void {
    this.consecutive++;
    if (this.consecutive >= this.threshold && !this.open) this.openedWith = message;
  }
}

export class CircuitOpenError extends Error {
  override name = 'CircuitOpenError';
}
