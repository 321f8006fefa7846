import { CONSUMERS } from '@app/events';
import { freshDatabase } from '../lib/databases';
import { BROKERS, benchKafka, createTopic, topicSize } from '../lib/kafka';
import { FoldRun, foldRun } from './consumer-fold';
import { PreloadedLog } from './preload-log';

/** A run of the link-projector on the preloaded log; `assembler`: the result-assembler's run on the LinkChanged it emitted. */
export interface ProjectorRun extends FoldRun {
  readonly assembler?: FoldRun;
}

/**
 * With the broker's default max.message.bytes (1 MB) the projector wedged on a preloaded log: one
 * consumed batch became one produce of its LinkChanged, larger than 1 MB. Its fold rate is
 * measured with this limit on the LinkChanged topic; a second run keeps the default.
 */
export const RAISED_MAX_MESSAGE_BYTES = String(64 * 1024 * 1024);

/**
 * The link-projector alone on the preloaded log, with a fresh database and consumer group (see
 * foldRun); with `withAssembler`, then the result-assembler alone on the LinkChanged topic the
 * projector filled, on the projector's database (the users, chats and links it rendered from).
 */
export async function measureProjector(
  log: PreloadedLog,
  run: number,
  capSeconds: number,
  topicLimit: 'default' | 'raised',
  withAssembler = false,
  /** Settings of the consumers to try (the probe's PROBE_ENV); the bench runs the defaults. */
  settings: NodeJS.ProcessEnv = {},
): Promise<ProjectorRun> {
  const database = await freshDatabase('projector');
  const linkChanged = `${log.prefix}.link-changed-${topicLimit}-${run}`;
  if (topicLimit === 'raised')
    await createTopic(benchKafka('bench-projector'), linkChanged, 6, { 'max.message.bytes': RAISED_MAX_MESSAGE_BYTES });
  const env = {
    KAFKA_BROKERS: BROKERS.join(','),
    TOPIC_PREFIX: log.prefix,
    CONSUMER_GROUP_PREFIX: `${log.prefix}.${topicLimit}-${run}`,
    TOPIC_LINK_CHANGED: linkChanged,
    ...settings,
  };
  try {
    const projected = await foldRun('link-projector', CONSUMERS.projector, database.url, env, log.events, capSeconds);
    if (!withAssembler) return projected;
    const emitted = await topicSize(benchKafka('bench-assembler'), linkChanged);
    const assembler = await foldRun('result-assembler', CONSUMERS.assembler, database.url, env, emitted, capSeconds);
    return { ...projected, assembler };
  } finally {
    await database.drop();
  }
}
