/** How a GroupCommit shares its work out; the defaults make one flush at a time of everything waiting. */
export interface GroupCommitOptions<In> {
  /** Flushes that may run at once; each takes what waits when it starts. */
  readonly lanes?: number;
  /** The most one flush takes, in `weight` units; a flush takes at least one item, however heavy. */
  readonly budget?: number;
  readonly weight?: (item: In) => number;
}

interface Waiting<In, Out> {
  readonly item: In;
  readonly resolve: (out: Out) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: items handed in during one turn of the event loop (e.g. the requests read from
 * several sockets, or the partitions of one fetch) start one flush together at the end of that
 * turn, and items handed in while the flushes run go into the next one, so concurrent work shares
 * one round trip under load while a lone item waits for nothing but the end of its turn. With more
 * than one lane, a flush starts whenever a lane is free, so one flush's items can be prepared
 * while another's wait on the database; a budget bounds what one flush holds. `flush` answers one
 * output per item, in order; each `submit` resolves with its item's output, or rejects with the
 * flush's failure. Items are taken in arrival order; flushes in different lanes may end in any order.
 */
export class GroupCommit<In, Out = void> {
  private pending: Waiting<In, Out>[] = [];
  private running = 0;
  private scheduled = false;
  private readonly lanes: number;
  private readonly budget: number;
  private readonly weight: (item: In) => number;

  constructor(
    private readonly flush: (items: readonly In[]) => Promise<readonly Out[]>,
    options: GroupCommitOptions<In> = {},
  ) {
    this.lanes = options.lanes ?? 1;
    this.budget = options.budget ?? Infinity;
    this.weight = options.weight ?? (() => 1);
  }

  submit(item: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.scheduled && this.running < this.lanes) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.startFlushes();
        });
      }
    });
  }

  private startFlushes(): void {
    while (this.running < this.lanes && this.pending.length > 0) {
      this.running += 1;
      void this.run(this.take());
    }
  }

  /** The waiting items up to the budget, at least one. */
  private take(): Waiting<In, Out>[] {
    let count = 0;
    let weight = 0;
    while (count < this.pending.length) {
      weight += this.weight(this.pending[count].item);
      if (count > 0 && weight > this.budget) break;
      count += 1;
    }
    return this.pending.splice(0, count);
  }

  private async run(taken: readonly Waiting<In, Out>[]): Promise<void> {
    try {
      const outs = await this.flush(taken.map((t) => t.item));
      taken.forEach((t, i) => t.resolve(outs[i]));
    } catch (error) {
      taken.forEach((t) => t.reject(error ?? new Error('flush failed')));
    } finally {
      this.running -= 1;
      this.startFlushes();
    }
  }
}
