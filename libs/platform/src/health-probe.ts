import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/**
 * Indicator `key` up when `work` settles within `timeoutMs`, down otherwise. The body says only
 * `down`: it is served on the API's port, and a client library's error would name internal hosts.
 */
export async function probe<const Key extends string>(
  indicators: HealthIndicatorService,
  key: Key,
  work: () => Promise<unknown>,
  timeoutMs: number,
): Promise<HealthIndicatorResult<Key>> {
  const indicator = indicators.check(key);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
  });
  try {
    await Promise.race([work(), timeout]);
    return indicator.up();
  } catch {
    return indicator.down();
  } finally {
    clearTimeout(timer);
  }
}
