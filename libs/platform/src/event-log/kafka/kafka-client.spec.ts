import { logLevel } from 'kafkajs';
import { KAFKA_NOTES, kafkaLineLevel } from './kafka-client';

describe('kafkaLineLevel: the level of a kafkajs line', () => {
  it.each([
    [
      'the idempotent producer bounded retries warning',
      ['Producer', logLevel.WARN, 'Limiting retries for the idempotent producer may invalidate EoS guarantees'],
      { level: 'info', note: KAFKA_NOTES.idempotentRetries },
    ],
    [
      'topics another service created first',
      ['Connection', logLevel.ERROR, 'Response CreateTopics(key: 19, version: 3)', 'Topic creation errors'],
      { level: 'info', note: KAFKA_NOTES.raceToCreate },
    ],
    [
      'a leader still being elected',
      ['Connection', logLevel.ERROR, 'Response Produce(key: 0, version: 7)', 'This server is not the leader for that topic-partition'],
      { level: 'warn', note: KAFKA_NOTES.errorResponse },
    ],
    [
      'a connection that fails',
      ['Connection', logLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:9092'],
      { level: 'error' },
    ],
    ['a consumer crash', ['Consumer', logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded'], { level: 'error' }],
    ['any other warning', ['Consumer', logLevel.WARN, 'something else'], { level: 'warn' }],
  ] as const)('%s', (_case, [namespace, level, message, error], expected) => {
    expect(kafkaLineLevel(namespace, level, message, error)).toEqual(expected);
  });
});
