import { releaseOnce } from './release-once';

/**
 * Counts the open update streams, per user and in all, so a gateway never serves more than it can
 * hold: a stream takes a slot or is refused.
 */
export class StreamSlots {
  private total = 0;
  private readonly perUser = new Map<number, number>();

  constructor(private readonly limits: { readonly perUser: number; readonly max: number }) {}

  /** A release function, or undefined when the user or the process is at its limit. */
  take(userId: number): (() => void) | undefined {
    const mine = this.perUser.get(userId) ?? 0;
    if (mine >= this.limits.perUser || this.total >= this.limits.max) return undefined;
    this.perUser.set(userId, mine + 1);
    this.total++;
    return releaseOnce(() => {
      this.total--;
      const left = (this.perUser.get(userId) ?? 1) - 1;
      if (left === 0) this.perUser.delete(userId);
      else this.perUser.set(userId, left);
    });
  }

  get open(): number {
    return this.total;
  }
}
