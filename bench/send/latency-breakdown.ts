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
  /** Projector transaction begins → its LinkChanged marked published (transaction, commit, produce). */
  readonly projector: number;
  /** LinkChanged published → the assembler's batch transaction begins (one hop, fetch). */
  readonly toAssembler: number;
  /** Assembler transaction begins → HTTP reply received (transaction, commit, NOTIFY, gateway re-read, reply). */
  readonly assemblerAndReply: number;
  readonly total: number;
}

interface Timed {
  readonly senderId: number;
  readonly randomId: string;
  readonly sentMs: number;
  readonly repliedMs: number;
}

/**
 * Sends at a low rate while recording each call's wall-clock send and reply times, then joins them
 * with the pipeline's own timestamps: sends.created_at, the projector's and the assembler's ledger
 * rows (processed_at = their batch transaction's start) and the projector's outbox published_at.
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
    const { rows } = await db.query(
      `WITH s AS (
         SELECT sends.sender_id, sends.random_id, sends.event_id, sends.created_at
         FROM sends JOIN unnest($1::int[], $2::text[]) AS probe(sender_id, random_id) USING (sender_id, random_id))
       SELECT s.sender_id, s.random_id,
              extract(epoch FROM s.created_at) * 1000 AS inserted,
              extract(epoch FROM p.processed_at) * 1000 AS projected,
              extract(epoch FROM o.published_at) * 1000 AS published,
              extract(epoch FROM a.processed_at) * 1000 AS assembled
       FROM s
       JOIN processed_events p ON p.consumer = 'link-projector' AND p.event_id = s.event_id
       JOIN outbox o ON o.source = 'link-projector' AND o.created_at >= (SELECT min(created_at) FROM s)
                    AND (convert_from(o.value, 'UTF8')::jsonb #>> '{payload,message_event_id}')::uuid = s.event_id
       JOIN processed_events a ON a.consumer = 'result-assembler' AND a.event_id = o.event_id`,
      [timed.map((t) => t.senderId), timed.map((t) => t.randomId)],
    );
    return rows as { sender_id: number; random_id: string; inserted: number; projected: number; published: number; assembled: number }[];
  });
  const byCall = new Map(timed.map((t) => [`${t.senderId}:${t.randomId}`, t]));
  const legs = stages.flatMap((row) => {
    const call = byCall.get(`${row.sender_id}:${row.random_id}`);
    if (!call) return [];
    return [
      {
        gatewayIn: row.inserted - call.sentMs,
        toProjector: row.projected - row.inserted,
        projector: row.published - row.projected,
        toAssembler: row.assembled - row.published,
        assemblerAndReply: call.repliedMs - row.assembled,
        total: call.repliedMs - call.sentMs,
      },
    ];
  });
  const of = (pick: (leg: (typeof legs)[number]) => number) => median(legs.map(pick));
  return {
    rate,
    sends: legs.length,
    gatewayIn: of((l) => l.gatewayIn),
    toProjector: of((l) => l.toProjector),
    projector: of((l) => l.projector),
    toAssembler: of((l) => l.toAssembler),
    assemblerAndReply: of((l) => l.assemblerAndReply),
    total: of((l) => l.total),
  };
}
