import { KafkaFloor } from '../floor/kafka-hop';
import { LatencySummary } from '../lib/stats';
import { BenchSettings } from '../lib/settings';
import { PreloadedLog } from '../projector/preload-log';
import { ProjectorRun } from '../projector/projector-throughput';
import { ReplayRun } from '../replay/replay-rate';
import { TargetFigures } from '../send/measure-target';

/** Everything one `npm run bench` measured, raw (every run), as written to results/*.json. */
export interface BenchResults {
  readonly meta: {
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly totalSeconds: number;
    readonly gitCommit: string;
    readonly gitDirty: boolean;
    readonly node: string;
    readonly cores: number;
    readonly settings: BenchSettings;
    /** Other processes that loaded the machine while the bench ran (e.g. jest), sampled per step. */
    readonly concurrentLoad: readonly string[];
  };
  readonly floor: {
    readonly kafka: readonly KafkaFloor[];
    /** The same hop through the @platformatic/kafka adapter. */
    readonly kafkaPlatformatic: readonly KafkaFloor[];
    readonly postgres: readonly (LatencySummary & { synchronousCommit: string; fsync: string })[];
  };
  readonly pipeline: TargetFigures;
  /** The same pipeline with KAFKA_CLIENT=platformatic. */
  readonly pipelinePlatformatic: TargetFigures;
  /** The pipeline with two replicas of every service on six partitions, the load spread over both gateways. */
  readonly scaleOut: TargetFigures;
  readonly monolith: TargetFigures;
  /** `npm start`'s one process on a fresh DATA_DIR (issue 21's targets are ratios to the monolith). */
  readonly embedded: TargetFigures;
  readonly projector: {
    readonly log: PreloadedLog;
    /** With the LinkChanged topic's max.message.bytes raised (see RAISED_MAX_MESSAGE_BYTES). */
    readonly runs: readonly ProjectorRun[];
    /** One run with the broker's default limit: does the projector get through a preloaded log? */
    readonly withDefaultLimit: ProjectorRun;
  };
  readonly replay: { readonly runs: readonly ReplayRun[]; readonly unavailable?: string };
}
