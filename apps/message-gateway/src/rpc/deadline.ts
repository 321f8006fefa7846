/**
 * Settles like `work`, or rejects with `expired()` at `deadline` (epoch ms) if `work` is still
 * running then. The call answers in time whatever a step inside it waits on (a producer's own
 * retries, a pool queue); work left running finishes in the background, and what it did is safe
 * to repeat (sends are idempotent per random_id, commands carry fresh event ids).
 */
export function beforeDeadline<T>(work: Promise<T>, deadline: number, expired: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(expired()), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}
