/**
 * Group commit: items handed in during one turn of the event loop (e.g. the requests read from
 * several sockets, or the partitions of one fetch) start one flush together at the end of that
 * turn, and items handed in while a flush runs go into the next one, so concurrent work shares one
 * round trip under load while a lone item waits for nothing but the end of its turn. `flush`
 * answers one output per item, in order; each `submit` resolves with its item's output, or rejects
 * with the flush's failure.
 */
export class GroupCommit<In, Out = void> {
  private pending: { item: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;

  constructor(private readonly flush: (items: readonly In[]) => Promise<readonly Out[]>) {}

  submit(item: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const taken = this.pending;
      this.pending = [];
      try {
        const outs = await this.flush(taken.map((t) => t.item));
        taken.forEach((t, i) => t.resolve(outs[i]));
      } catch (error) {
        taken.forEach((t) => t.reject(error ?? new Error('flush failed')));
      }
    }
    this.flushing = false;
  }
}
