import { FETCH_MAX_WAIT_MS } from '@app/platform';
import { formatMs } from './format-ms';
import { BenchResults } from './results';
import { Row, ratio } from './table';

function figure(value: number | string | undefined, unit: Row['unit']): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '—';
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case '%':
      return `${value.toFixed(1)} %`;
    case 'MB':
      return value.toFixed(0);
    default:
      return Math.round(value).toLocaleString('en-US');
  }
}

function times(value: number | undefined): string {
  if (value === undefined) return '—';
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)}×`;
}

/** The one table: figure, floor, ratio to the floor, monolith, ratio to the monolith, the issue's target. */
export function markdownTable(rows: readonly Row[]): string {
  const header = ['measurement', 'unit', 'ours', 'floor', 'ours / floor', 'monolith', 'ours / monolith', 'issue 17 target'];
  const lines = rows.map((row) => [
    row.measurement,
    row.unit === 'text' || row.unit === 'count' ? '' : row.unit,
    figure(row.ours, row.unit),
    row.floor ? `${figure(row.floor.value, row.unit)} (${row.floor.label})` : '—',
    times(ratio(row.ours, row.floor?.value)),
    figure(row.monolith, row.unit),
    times(ratio(row.ours, row.monolith)),
    row.target ? `${row.target.label} ${row.target.met ? '✓' : '✗'}` : '',
  ]);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Under the table: every target missed in this run, its figure, why (from this run's figures) and where what was tried is written. */
export function missedTargets(rows: readonly Row[]): string {
  const missed = rows.filter((row) => row.target && !row.target.met);
  if (missed.length === 0) return 'Every target of issue 17 is met in this run.';
  const lines = missed.map((row) => {
    const { label, note } = row.target!;
    const unit = { text: '', count: '', '/s': '/s', ms: ' ms', MB: ' MB', '%': '' }[row.unit];
    const figureText = `${figure(row.ours, row.unit)}${unit}`;
    const detail = note ? ` Why, in this run: ${note.why}. Tried: ${note.tried}.` : '';
    return `- **${row.measurement}**: ${figureText}, target ${label}.${detail}`;
  });
  return [`Targets missed in this run (${missed.length}):`, '', ...lines].join('\n');
}

export function markdownReport(results: BenchResults, rows: readonly Row[]): string {
  const m = results.meta;
  const s = m.settings;
  const minutes = (m.totalSeconds / 60).toFixed(1);
  return `# contact-links benchmark

${m.finishedAt} · commit ${m.gitCommit.slice(0, 10)}${m.gitDirty ? ' (+ uncommitted changes)' : ''} · Node ${m.node} · ${m.cores} cores · Kafka 3.9.1 and Postgres on the same machine · \`npm run bench\` took ${minutes} min

Medians of ${s.repeat} run${s.repeat === 1 ? '' : 's'} each. Send load: open loop, ${s.secondsPerRate} s per rate, latency from each request's scheduled start (no coordinated omission), ${s.users.toLocaleString('en-US')} users, 1 in 5 sends the first message of a one-sided pair (a link change).
${m.concurrentLoad.length ? `\n**Noisy machine:** other work ran during the bench: ${m.concurrentLoad.join('; ')}. Figures from a shared machine are noisy.\n` : '\nThe machine is shared; figures are noisy even when nothing else was seen running.\n'}
${markdownTable(rows)}

${missedTargets(rows)}

- Floors: one Kafka hop = produce (idempotent, acks=-1, 1 in flight: the services' EventPublisher) → consume (fetch max wait ${FETCH_MAX_WAIT_MS} ms: the broker answers as soon as a record arrives), sequential pings. A send crosses 3 hops (gateway → projector → assembler → gateway by NOTIFY), so its floor is 3 × one hop. Max msgs/s: produced and consumed on the same broker.
- Max sustained: bisection between the fixed rates (probes of ${s.searchProbeSeconds} s, or as long as ${s.searchProbeSends} sends take at the probe's rate, median of ${s.repeat}).
- Projector: only the link-projector, fresh database and group, on a preloaded log of ${results.projector.log.events.toLocaleString('en-US')} events; capped at ${s.projectorSeconds} s per run; rate = ledger rows / span of their processed_at. Then the result-assembler alone, on the projector's database, folds the LinkChanged topic that run filled (same rate definition). The LinkChanged topic is created with max.message.bytes = 64 MB; the "broker defaults" row runs it with the 1 MB default, where an earlier version wedged on a backlog (a batch's LinkChanged went out as one oversized request) before the Kafka adapter split large appends into requests under 512 KiB.
- @platformatic/kafka rows: the same hop and pipeline with \`KAFKA_CLIENT=platformatic\` (the other client library behind the event-log port); their "floor" column holds kafkajs's figure, so "ours / floor" is platformatic ÷ kafkajs.
- Monolith: bench/monolith, one process, every call one Postgres transaction (synchronous commit), same tables, indexes, pool size and HTTP controller as the gateway.
`;
}
