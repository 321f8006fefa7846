import { Partitioners } from 'kafkajs';

/**
 * The partition the services' producer (kafkajs's default, Java-compatible murmur2 partitioner)
 * puts a key in, so a pair's history is read from one partition instead of the whole log.
 */
export function partitionOfKey(topic: string, key: string, partitions: number): number {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0 }));
  return partitioner({ topic, partitionMetadata, message: { key } } as Parameters<typeof partitioner>[0]);
}
