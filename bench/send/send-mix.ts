import { randomInt } from 'node:crypto';
import { Pair, Population } from './population';

/** Every LINK_EVERY-th send goes to a fresh pair and reveals a phone: 20% of sends change a link. */
const LINK_EVERY = 5;

export interface SendCall {
  readonly senderId: number;
  readonly token: string;
  readonly params: { peer: { _: 'inputPeerContact'; user_id: number }; message: string; random_id: string };
}

/**
 * The send workload: 1 in 5 sends is the first message of a one-sided pair (a link change for
 * both members), the rest go between mutual contacts. Fresh pairs are used once; when they run
 * out the mix degrades to steady sends, which the measured link share then shows.
 */
export class SendMix {
  private sent = 0;
  private randomId = Date.now() * 1000;

  constructor(private readonly population: Population) {}

  get freshLeft(): number {
    return this.population.fresh.length;
  }

  next(): SendCall {
    this.sent += 1;
    const fresh = this.sent % LINK_EVERY === 0 ? this.population.fresh.pop() : undefined;
    return this.between(fresh ?? this.steadyPair());
  }

  /** A send between mutual contacts, outside the mix (changes no link, uses no fresh pair): a probe of the whole send path. */
  probe(): SendCall {
    return this.between(this.steadyPair());
  }

  private steadyPair(): Pair {
    return this.population.steady[randomInt(this.population.steady.length)];
  }

  private between(pair: Pair): SendCall {
    this.randomId += 1;
    return {
      senderId: pair.from.id,
      token: pair.from.token,
      params: { peer: { _: 'inputPeerContact', user_id: pair.to.id }, message: `bench ${this.randomId}`, random_id: String(this.randomId) },
    };
  }
}
