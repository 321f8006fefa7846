import { CONSUMERS, derivedEventId } from '@app/events';
import { JsonHttp } from '../lib/json-http';
import { runOpenLoop } from '../lib/open-loop';
import { withClient } from '../lib/databases';
import { median } from '../lib/stats';
import { SendMix } from './send-mix';
import { SendTarget } from './targets';

/** Median milliseconds of each leg of a send through the pipeline, from timestamps the services already write. */
export interface LatencyBreakdown {
  readonly rate: number;
  readonly sends: number;
  /** HTTP request sent → `sends` row inserted (auth, peer check, insert). */
  readonly gatewayIn: number;
  /** `sends` row → the projector's batch transaction begins (publish MessageSent, one hop, fetch). */
  readonly toProjector: number;
  /** Projector transaction begins → the assembler's begins (fold, produce LinkChanged, commit, one hop, fetch). */
  readonly projectorToAssembler: number;
  /** Assembler transaction begins → HTTP reply received (transaction, commit, NOTIFY, gateway re-read, reply). */
  readonly assemblerAndReply: number;
  readonly total: number;
  /** The same legs, median over the slowest 1 % of the sends (at least one): which leg makes the tail. */
  readonly tail: Legs;
}

type Legs = Omit<LatencyBreakdown, 'rate' | 'sends' | 'tail'>;

interface Timed {
  readonly senderId: number;
  readonly randomId: string;
  readonly sentMs: number;
  readonly repliedMs: number;
}

/**
 * Sends at a low rate while recording each call's wall-clock send and reply times, then joins them
 * with the pipeline's own timestamps: sends.created_at and the projector's and the assembler's
 * ledger rows (processed_at = their batch transaction's start); the assembler's row is found by the
 * LinkChanged id, which is derived from the MessageSent id.
 */
export async function measureBreakdown(target: SendTarget, mix: SendMix, rate: number, seconds: number): Promise<LatencyBreakdown> {
  const http = new JsonHttp(target.baseUrl, 256);
  const timed: Timed[] = [];
  await runOpenLoop({
    rate,
    seconds,
    graceMs: 12_000,
    fire: async () => {
      const { senderId, token, params } = mix.next();
      const sentMs = Date.now();
      const reply = await http.call('messages.sendMessage', params, { token });
      if (reply.status === 200) timed.push({ senderId, randomId: params.random_id, sentMs, repliedMs: Date.now() });
      return { ok: reply.status === 200, linkChanged: false };
    },
  });
  http.close();
  await target.settle(60_000);
  const stages = await withClient(target.databaseUrl, async (db) => {
    const projected = await db.query<{ sender_id: number; random_id: string; event_id: string; inserted: number; projected: number }>(
      `SELECT sends.sender_id, sends.random_id, sends.event_id,
              extract(epoch FROM sends.created_at) * 1000 AS inserted,
              extract(epoch FROM p.processed_at) * 1000 AS projected
       FROM sends
       JOIN unnest($1::int[], $2::text[]) AS probe(sender_id, random_id) USING (sender_id, random_id)
       JOIN processed_events p ON p.consumer = $3 AND p.event_id = sends.event_id`,
      [timed.map((t) => t.senderId), timed.map((t) => t.randomId), CONSUMERS.projector],
    );
    const linkChangedOf = new Map(projected.rows.map((row) => [derivedEventId(row.event_id, 'LinkChanged'), row]));
    const assembled = await db.query<{ event_id: string; assembled: number }>(
      `SELECT event_id, extract(epoch FROM processed_at) * 1000 AS assembled
       FROM processed_events WHERE consumer = $2 AND event_id = ANY($1::uuid[])`,
      [[...linkChangedOf.keys()], CONSUMERS.assembler],
    );
    return assembled.rows.flatMap((row) => {
      const send = linkChangedOf.get(row.event_id);
      return send ? [{ ...send, assembled: Number(row.assembled) }] : [];
    });
  });
  const byCall = new Map(timed.map((t) => [`${t.senderId}:${t.randomId}`, t]));
  const legs = stages.flatMap((row) => {
    const call = byCall.get(`${row.sender_id}:${row.random_id}`);
    if (!call) return [];
    return [
      {
        gatewayIn: row.inserted - call.sentMs,
        toProjector: row.projected - row.inserted,
        projectorToAssembler: row.assembled - row.projected,
        assemblerAndReply: call.repliedMs - row.assembled,
        total: call.repliedMs - call.sentMs,
      },
    ];
  });
  const slowest = [...legs].sort((a, b) => b.total - a.total).slice(0, Math.max(1, Math.ceil(legs.length / 100)));
  return { rate, sends: legs.length, ...medianLegs(legs), tail: medianLegs(slowest) };
}

function medianLegs(legs: readonly Legs[]): Legs {
  const of = (pick: (leg: Legs) => number) => median(legs.map(pick));
  return {
    gatewayIn: of((l) => l.gatewayIn),
    toProjector: of((l) => l.toProjector),
    projectorToAssembler: of((l) => l.projectorToAssembler),
    assemblerAndReply: of((l) => l.assemblerAndReply),
    total: of((l) => l.total),
  };
}
