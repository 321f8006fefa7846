import { OpsContext } from '../ops-context';
import { print, printJson } from '../terminal';
import { pairArg, stopArg } from './pair-args';
import { readPairLog } from './pair-log';
import { PairStep, describeEvent, finalState, pairHistory, pairViews } from './pair-history';
import { viewJson, viewLine } from './view-format';

export interface HistoryOptions {
  readonly pair: string;
  readonly at?: string;
  readonly json?: boolean;
  readonly allPartitions?: boolean;
}

function stepJson(step: PairStep, a: number, b: number) {
  return {
    partition: step.partition,
    offset: step.offset.toString(),
    status: step.status,
    time: step.event?.occurred_at ?? null,
    type: step.event?.type ?? null,
    event_id: step.event?.event_id ?? null,
    what: step.event ? describeEvent(step.event) : step.reason,
    views: pairViews(step.after, a, b).map(viewJson),
  };
}

function printStep(step: PairStep, a: number, b: number): void {
  if (step.status === 'malformed') {
    print(`#${step.offset}  malformed, skipped: ${step.reason}`);
    return;
  }
  const event = step.event!;
  const skipped = step.status === 'duplicate' ? '  (duplicate event id, skipped by the ledger)' : '';
  print(`#${step.offset}  ${event.occurred_at}  ${event.type}: ${describeEvent(event)}  event ${event.event_id}${skipped}`);
  for (const view of pairViews(step.after, a, b)) print(`    ${viewLine(view)}`);
}

/** Time travel for one pair: each event that touched it and both views after it. */
export async function historyCommand(ctx: OpsContext, options: HistoryOptions): Promise<void> {
  const [a, b] = pairArg(options.pair);
  const stop = stopArg(options.at);
  const log = await readPairLog(ctx, a, b, options.allPartitions);
  const steps = pairHistory(a, b, log.records, stop);
  const views = pairViews(finalState(a, b, steps), a, b);
  if (options.json) {
    printJson({
      pair: [a, b],
      topic: ctx.config.topics.events,
      partition: log.partition,
      at: options.at ?? null,
      events: steps.map((s) => stepJson(s, a, b)),
      views: views.map(viewJson),
    });
    return;
  }
  const where = log.partition === 'all' ? 'all partitions' : `partition ${log.partition}`;
  print(`pair ${a},${b} in ${ctx.config.topics.events} ${where}: ${steps.length} event(s)${options.at ? ` up to ${options.at}` : ''}`);
  for (const step of steps) printStep(step, a, b);
  print(
    steps.length === 0
      ? 'no event touched this pair; the views are the initial ones:'
      : `views ${options.at ? `at ${options.at}` : 'now'}:`,
  );
  for (const view of views) print(`    ${viewLine(view)}`);
}
