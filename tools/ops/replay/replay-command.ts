import { OpsContext, PROJECTOR } from '../ops-context';
import { Progress } from '../progress';
import { EXIT, ExitWith, UsageError, count, duration, note, print } from '../terminal';
import { PartitionSpan, eventsIn, isStopped, toGroupPosition } from '@app/platform';
import { ProjectionFold } from './projection-fold';
import { WRITERS, recreateShadowTables, shadowSchemaName, writeShadow } from './shadow-schema';
import { diffShadow, formatDiff } from './shadow-diff';
import { PromoteRefused, promoteShadow } from './promote';

export interface ReplayOptions {
  readonly into: string;
  readonly verify?: boolean;
  readonly promote?: boolean;
  readonly upto?: 'end' | 'projector';
  readonly diffLimit: number;
}

/** Where the replay stops: a fixed offset per partition, taken before reading starts. */
async function replayTarget(ctx: OpsContext, upto: 'end' | 'projector', promote: boolean): Promise<PartitionSpan[]> {
  const topic = ctx.config.topics.events;
  const group = ctx.groupId(PROJECTOR);
  const { inspector } = ctx;
  const stopped = isStopped(await inspector.groupState(group));
  if (promote && !stopped) {
    throw new UsageError(`the projector (consumer group ${group}) is running; stop it (e.g. scale link-projector to 0) before --promote`);
  }
  const [position, end] = [await toGroupPosition(inspector, topic, group), await inspector.spans(topic)];
  if (promote && eventsIn(position) === 0 && eventsIn(end) > 0) {
    // An empty shadow would wipe live: most likely CONSUMER_GROUP_PREFIX names the wrong group.
    throw new PromoteRefused(`consumer group ${group} has committed nothing on ${topic}; check CONSUMER_GROUP_PREFIX`);
  }
  if (!stopped) note(`note: the projector is running; rows it changes during the replay can show up as drift`);
  if (upto === 'projector') return position;
  const behind = eventsIn(end) - eventsIn(position);
  if (behind > 0) note(`note: the projector is ${count(behind)} event(s) behind the end; live lacks what the replay has beyond it`);
  return end;
}

/** The projector's position must not have moved since the replay read up to it. */
function unchangedProjector(ctx: OpsContext, target: readonly PartitionSpan[]): () => Promise<void> {
  return async () => {
    const group = ctx.groupId(PROJECTOR);
    if (!isStopped(await ctx.inspector.groupState(group)))
      throw new PromoteRefused(`the projector (${group}) started during the replay; stop it and run again`);
    const now = await toGroupPosition(ctx.inspector, ctx.config.topics.events, group);
    const moved = now.some((span, i) => span.end !== target[i]?.end);
    if (moved) throw new PromoteRefused(`the projector's committed offsets moved during the replay; stop it and run again`);
  };
}

export async function replayCommand(ctx: OpsContext, options: ReplayOptions): Promise<void> {
  const schema = shadowSchemaName(options.into);
  if (options.promote && options.upto === 'end')
    throw new UsageError("--promote replays up to the stopped projector's position; drop --upto end");
  const upto = options.promote ? 'projector' : (options.upto ?? 'end');
  const topic = ctx.config.topics.events;
  const target = await replayTarget(ctx, upto, options.promote ?? false);
  const total = eventsIn(target);
  note(
    `replaying ${topic} (${target.length} partitions) up to ${upto === 'end' ? 'its current end' : "the projector's committed offsets"}: ${count(total)} events into schema ${schema}`,
  );

  const fold = new ProjectionFold();
  const progress = new Progress('replay', total);
  const started = Date.now();
  await ctx.inspector.read(topic, target, (records) => {
    for (const record of records) fold.foldRaw(record.value);
    progress.advance(records.length);
  });
  progress.finish();
  const folded = Date.now();
  await ctx.withDb((db) => recreateShadowTables(db, schema));
  await ctx.withPool(WRITERS, (pool) => writeShadow(pool, schema, fold));
  const seconds = (Date.now() - started) / 1000;
  printReplaySummary(fold, schema, seconds, (folded - started) / 1000);

  let drift = false;
  if (options.verify) {
    const diffs = await ctx.withDb((db) => diffShadow(db, schema, options.diffLimit));
    drift = diffs.some((d) => d.total > 0);
    print(drift ? `verify: DRIFT between live (public) and ${schema}` : `verify: live (public) equals ${schema}`);
    formatDiff(diffs).forEach((line) => print(`  ${line}`));
  }
  if (options.promote) {
    const summary = await ctx.withDb((db) => promoteShadow(db, schema, unchangedProjector(ctx, target), { topic, spans: target }));
    print(`promote: ${schema} is live`);
    for (const c of summary.changes) {
      print(
        `  ${c.table}: ${c.deleted} deleted, ${c.written} inserted or updated${c.liveOnlyKept ? `, ${c.liveOnlyKept} live-only kept` : ''}`,
      );
    }
    print(`  processed_events (${PROJECTOR}): ${summary.ledgerAdded} added; restart the projector now`);
    return;
  }
  if (drift) throw new ExitWith(EXIT.drift);
}

function printReplaySummary(fold: ProjectionFold, schema: string, seconds: number, foldSeconds: number): void {
  const rate = seconds > 0 ? Math.round(fold.read / seconds) : 0;
  print(
    `replay: ${count(fold.read)} events in ${duration(seconds)} (${count(rate)} events/s; read and fold ${duration(foldSeconds)}, write ${duration(seconds - foldSeconds)})`,
  );
  print(`  applied ${count(fold.ledger.size)}, duplicates skipped ${count(fold.duplicates)}, malformed skipped ${count(fold.malformed)}`);
  for (const [reason, n] of fold.malformedReasons) print(`    malformed: ${reason} × ${n}`);
  print(
    `  ${schema}: users ${count(fold.users.size)}, chats ${count(fold.chats.size)}, link_sides ${count(fold.sides.size)}, contact_names ${count(fold.names.size)}, processed_events ${count(fold.ledger.size)}`,
  );
}
