import { PIPELINE_SERVICES } from '../../test/support/stack';
import { FoldRun } from '../projector/consumer-fold';
import { LatencyBreakdown } from '../send/latency-breakdown';
import { RateFigures } from '../send/rate-runs';
import { TargetFigures } from '../send/measure-target';
import { formatMs } from './format-ms';

/**
 * Why a target of issue 17 was missed, from figures of the same run, and where what was tried
 * against it is written down: the bench prints both under the table for every ✗ (the issue's
 * "done when" for a target not met).
 */
export interface TargetNote {
  readonly why: string;
  readonly tried: string;
}

/** Where the levers tried against each target are recorded (bench/README.md sections, README "Performance"). */
export const TRIED = {
  latency:
    'bench/README "The pipeline\'s tail at low rates" (the outbox sweeper), "Levers tried without effect" (a longer fetch wait, offsets committed off the batch path, prepared statements), "Kafka clients" (three clients behind the port)',
  cpu: 'bench/README "HTTP framework" (Fastify: the gateway −16 % per call), "Consumer folds" (array literals, two transactions at once), "The assembler\'s writes" (json bodies), "Levers tried without effect" (prepared statements, smaller heaps)',
  accept: 'bench/README "HTTP framework" (Fastify) and group commit (concurrent sends recorded in one statement, appended in one produce)',
  projectorFold:
    'bench/README "Consumer folds" (array literals, two transactions of ≤ 2,000 events at once, 1 to 4 lanes) and "Where the folds\' time goes" (the three clients: none folds faster)',
  assemblerFold:
    'bench/README "Consumer folds" and "The assembler\'s writes" (json bodies, reads before the mailbox lock, feed entries without their own copy of the body)',
  replay: "nothing aimed at replay alone: it runs the projector's projection and stores, and gains what they gain",
  rss: 'bench/README "Levers tried without effect" (smaller V8 heaps: 167 MB with --max-old-space-size=100, its CPU per send +14 %)',
  foldRss: 'bench/README "Consumer folds" (two transactions of ≤ 2,000 events: 454–475 → 396–402 MB)',
  embedded: 'README "Performance" (the embedded mode shares the pipeline\'s code: what the pipeline gains, it gains)',
} as const;

const cores = (value: number) => value.toFixed(2);

/** Cores a run used: CPU ms per acknowledged send × sends per second. */
export function coresAt(run: RateFigures): number {
  return (run.cpuMsPerSend.total * run.rate) / 1000;
}

/** The median legs of a send, as a sentence. */
function legsText(legs: Omit<LatencyBreakdown, 'rate' | 'sends' | 'tail'>): string {
  return `gateway in ${formatMs(legs.gatewayIn)}, to the projector ${formatMs(legs.toProjector)}, projector to assembler ${formatMs(legs.projectorToAssembler)}, assembler and reply ${formatMs(legs.assemblerAndReply)} ms`;
}

export function latencyNote(breakdown: LatencyBreakdown | undefined, hopP50: number, ours: RateFigures, mono: RateFigures): TargetNote {
  const legs = breakdown ? `median legs at ${breakdown.rate}/s: ${legsText(breakdown)} (one Kafka hop ${formatMs(hopP50)} ms); ` : '';
  return {
    why: `${legs}a send is three transactions and two Kafka hops where the monolith's is one transaction; at ${ours.rate}/s the pipeline kept ${cores(coresAt(ours))} cores busy, the monolith ${cores(coresAt(mono))}`,
    tried: TRIED.latency,
  };
}

export function cpuNote(ours: RateFigures, mono: RateFigures): TargetNote {
  const role = (run: RateFigures, name: string) => run.cpuMsPerSend[name] ?? 0;
  const services = PIPELINE_SERVICES.reduce((sum, name) => sum + role(ours, name), 0);
  return {
    why:
      `Postgres ${formatMs(role(ours, 'postgres'))} ms per send against the monolith's ${formatMs(role(mono, 'postgres'))}; ` +
      `the three services ${formatMs(services)} and Kafka ${formatMs(role(ours, 'kafka'))} against the monolith's one process ${formatMs(role(mono, 'monolith'))}: ` +
      'the extra is the processes and the broker between the stages',
    tried: TRIED.cpu,
  };
}

export function sustainedNote(r: { pipeline: TargetFigures; monolith: TargetFigures }, machineCores: number): TargetNote {
  const { pipeline, monolith } = r;
  const above = pipeline.fixed.find((f) => f.rate > pipeline.sustained.rate);
  const parts: string[] = [];
  if (above) parts.push(`at ${above.rate}/s its p99 was ${formatMs(above.p99)} ms (${above.errors} errors)`);
  if (pipeline.sustained.at && monolith.sustained.at)
    parts.push(
      `at its max it kept ${cores(coresAt(pipeline.sustained.at))} of ${machineCores} cores busy, the monolith at its own ${cores(coresAt(monolith.sustained.at))}`,
    );
  if (pipeline.breakdown) parts.push(`the slowest 1 % of sends at ${pipeline.breakdown.rate}/s: ${legsText(pipeline.breakdown.tail)}`);
  return { why: parts.join('; ') || 'no fixed rate above the sustained one was run', tried: TRIED.latency };
}

export function acceptNote(perCore: number): TargetNote {
  return {
    why: `the gateway spent ${Math.round(1e6 / perCore)} µs of CPU per accepted send (HTTP, session, peer check, its share of a grouped insert and produce)`,
    tried: TRIED.accept,
  };
}

/** Which processes a fold kept busy. */
export function foldNote(run: FoldRun, consumer: string, machineCores: number, tried: string): TargetNote {
  const used = run.cores;
  return {
    why:
      used.consumer === undefined
        ? 'the fold folded nothing, so its CPU was not sampled'
        : `during the fold the ${consumer} used ${cores(used.consumer)} cores, Postgres ${cores(used.postgres ?? 0)}, Kafka ${cores(used.kafka ?? 0)}: ${cores(used.total ?? 0)} of ${machineCores}`,
    tried,
  };
}

export function replayNote(seconds: number, usedCores: number, split?: { readFoldSeconds: number; writeSeconds: number }): TargetNote {
  const phases = split
    ? `reading and folding the log took ${split.readFoldSeconds.toFixed(1)} s, writing the shadow ${split.writeSeconds.toFixed(1)} s, of ${seconds.toFixed(1)} s; `
    : '';
  return {
    why: `${phases}the command used ${cores(usedCores)} cores (one Node thread, its Postgres backend not counted)`,
    tried: TRIED.replay,
  };
}

export function rssNote(before: number | undefined): TargetNote {
  return {
    why:
      before === undefined
        ? 'its RSS when the run began was not sampled'
        : `it held ${Math.round(before)} MB when the run began (what the earlier runs, the overload among them, left it: V8 keeps a grown heap)`,
    tried: TRIED.rss,
  };
}

export function foldRssNote(run: FoldRun): TargetNote {
  const memory = run.memoryAtEnd;
  return {
    why: memory
      ? `when the fold ended its V8 heap held ${Math.round(memory.heapMb)} MB and memory outside it (Buffers: fetched batches) ${Math.round(memory.externalMb)} MB`
      : 'its heap was not sampled (no /metrics answer)',
    tried: TRIED.foldRss,
  };
}
